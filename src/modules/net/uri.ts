import { defineModule, ModuleFailure } from '../lib/args.js';
import { guard } from '../commands/run-common.js';
import { curlArgv, headerKeys, parseCurlOutput, type HttpRequest } from './curl.js';
import type { ModuleContext } from '../types.js';
import { pyJson } from '../../util/python-json.js';
import { parseJsonFloats } from '../../util/py-float.js';

/**
 * ansible.builtin.uri: an HTTP request made FROM the managed host (with its curl), checked against
 * the expected status codes. Reading never changes anything, so GET and HEAD also run in check
 * mode (Ansible skips uri there; fabplay keeps health checks meaningful); other methods are skipped.
 */

const args = {
  url: { type: 'string' },
  method: { type: 'string', default: 'GET' },
  body: { type: 'any' },
  body_format: { type: 'string', enum: ['raw', 'json', 'form-urlencoded'], default: 'raw' },
  headers: { type: 'object', default: {} },
  status_code: { type: 'any', default: [200] },
  return_content: { type: 'boolean', default: false },
  validate_certs: { type: 'boolean', default: true },
  follow_redirects: {
    type: 'any',
    enum: ['all', 'safe', 'none', 'urllib2', true, false, 'yes', 'no'],
    default: 'safe',
  },
  timeout: { type: 'integer', default: 30 },
  url_username: { type: 'string', aliases: ['user'] },
  url_password: { type: 'string', aliases: ['password'] },
  // curl sends the credentials with the first request whatever this says
  force_basic_auth: { type: 'boolean', default: false, unsupported: { allow: [true, false] } },
  creates: { type: 'string' },
  removes: { type: 'string' },
} as const;

/** status_code as a list of numbers, from 200, "200", "200,201" or [200, 201]. */
export function statusCodes(v: unknown): number[] {
  const list = Array.isArray(v) ? v : String(v).split(',');
  const codes = list.map((x) => Number(String(x).trim()));
  if (codes.some((c) => !Number.isInteger(c) || c < 100 || c > 599))
    throw new ModuleFailure(`status_code must be HTTP status codes (100-599), got ${JSON.stringify(v)}`);
  return codes;
}

/** The request that the arguments describe (pure). */
export function uriRequest(a: {
  url?: string;
  method: string;
  body?: unknown;
  body_format: string;
  headers: Record<string, unknown>;
  validate_certs: boolean;
  follow_redirects: unknown;
  timeout: number;
  url_username?: string;
  url_password?: string;
}): HttpRequest {
  if (!a.url || !/^(https?|ftp|file):\/\//.test(a.url))
    throw new ModuleFailure(`uri: url must be an http(s) URL, got ${JSON.stringify(a.url ?? null)}`);
  const method = a.method.toUpperCase();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.headers)) headers[k] = String(v);
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  let body: string | undefined;
  if (a.body !== undefined && a.body !== null) {
    if (a.body_format === 'json') {
      // Python's json.dumps: `{"a": 1.0}`
      body = typeof a.body === 'string' ? a.body : pyJson(a.body);
      if (!has('content-type')) headers['Content-Type'] = 'application/json';
    } else if (a.body_format === 'form-urlencoded') {
      body =
        typeof a.body === 'string'
          ? a.body
          : new URLSearchParams(
              Object.entries(a.body as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
            ).toString();
      if (!has('content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else body = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
  }
  const fr = String(a.follow_redirects);
  const follow =
    ['all', 'true', 'yes'].includes(fr) || (fr === 'safe' && (method === 'GET' || method === 'HEAD'));
  return {
    url: a.url,
    method,
    headers,
    body,
    validateCerts: a.validate_certs,
    followRedirects: follow,
    timeoutSec: a.timeout,
    user: a.url_username,
    password: a.url_password,
  };
}

/** GET and HEAD read (they run in check mode too); any other method is a change. */
async function request(ctx: ModuleContext, req: HttpRequest) {
  const reads = req.method === 'GET' || req.method === 'HEAD';
  const opts = { allowFail: true, stdin: req.body, become: false };
  const r = reads ? await ctx.probe(curlArgv(req), opts) : await ctx.change(curlArgv(req), opts);
  if (!r) return { notSent: true as const };
  if (r.rc !== 0) {
    const why = r.rc === 127 ? 'curl is not installed on the host' : r.stderr.trim() || `curl exited ${r.rc}`;
    return { error: why, cmd: r.cmd };
  }
  return { res: parseCurlOutput(r.stdout), cmd: r.cmd };
}

export const uri = defineModule({
  name: 'uri',
  args,
  required: ['url'],
  rules: { mutuallyExclusive: [['body', 'src']] },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const codes = statusCodes(a.status_code);
    const req = uriRequest(a as Parameters<typeof uriRequest>[0]);
    const skip = await guard(ctx, { creates: a.creates, removes: a.removes });
    if (skip) return { changed: false, skipped: true, msg: skip.msg, url: req.url };
    const out = await request(ctx, req);
    if ('notSent' in out)
      return { changed: false, skipped: true, msg: `uri: ${req.method} is not sent in check mode` };
    if (!out.res) {
      return {
        changed: false,
        failed: true,
        status: -1,
        url: req.url,
        msg: `Status code was -1 and not ${JSON.stringify(codes)}: Request failed on ${ctx.host}: ${out.error}`,
      };
    }
    const res = out.res;
    const result: Record<string, unknown> = {
      ...headerKeys(res.headers),
      changed: false,
      status: res.status,
      url: res.url || req.url,
      redirected: res.redirects > 0,
      elapsed: Math.round(res.elapsedSec),
      content_type: res.headers['content-type'],
      content_length: res.headers['content-length'] ?? String(res.sizeDownload),
      cookies_string: res.headers['set-cookie'] ?? '',
      msg: `OK (${res.headers['content-length'] ?? 'unknown'} bytes)`,
    };
    if (a.return_content || !codes.includes(res.status)) result.content = res.body;
    if (a.return_content && /json/.test(res.headers['content-type'] ?? '')) {
      try {
        result.json = parseJsonFloats(res.body);
      } catch {
        /* Ansible leaves json out when the body does not parse */
      }
    }
    if (!codes.includes(res.status)) {
      result.failed = true;
      result.msg = `Status code was ${res.status} and not ${JSON.stringify(codes)}: ${req.method} ${req.url} from ${ctx.host}`;
    }
    return result as { changed: boolean };
  },
});
