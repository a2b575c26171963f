/**
 * uri and get_url talk HTTP from the managed host, with its curl: the argument vectors are built
 * here (pure, tested as data) and curl's output is parsed here.
 */

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** request body, sent on stdin */
  body?: string;
  validateCerts: boolean;
  followRedirects: boolean;
  timeoutSec: number;
  user?: string;
  password?: string;
  /** write the body to this file instead of stdout */
  output?: string;
}

/** Marks where curl's -w trailer starts in stdout (after headers and body). */
export const TRAILER = '\n@@fabplay-curl@@';

export function curlArgv(req: HttpRequest): string[] {
  const argv = [
    'curl',
    '--silent',
    '--show-error',
    '--dump-header',
    '-',
    '--max-time',
    String(req.timeoutSec),
  ];
  // with --head curl would print the headers a second time as the "body"
  argv.push('--output', req.method === 'HEAD' ? '/dev/null' : (req.output ?? '-'));
  argv.push(
    '--write-out',
    `${TRAILER} %{http_code} %{num_redirects} %{size_download} %{time_total} %{url_effective}`,
  );
  if (req.method === 'HEAD') argv.push('--head');
  else if (req.method !== 'GET' || req.body !== undefined) argv.push('--request', req.method);
  if (!req.validateCerts) argv.push('--insecure');
  if (req.followRedirects) argv.push('--location');
  if (req.user !== undefined) argv.push('--user', `${req.user}:${req.password ?? ''}`);
  for (const [k, v] of Object.entries(req.headers)) argv.push('--header', `${k}: ${v}`);
  if (req.body !== undefined) argv.push('--data-binary', '@-');
  argv.push('--', req.url);
  return argv;
}

export interface HttpResponse {
  status: number;
  /** response headers of the last response, names lowercased */
  headers: Record<string, string>;
  body: string;
  redirects: number;
  sizeDownload: number;
  elapsedSec: number;
  url: string;
}

function parseHeaderBlock(block: string): { status: number; headers: Record<string, string> } {
  const lines = block.split(/\r?\n/);
  const m = /^HTTP\/[\d.]+\s+(\d{3})/.exec(lines[0] ?? '');
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) {
      const k = l.slice(0, i).trim().toLowerCase();
      const v = l.slice(i + 1).trim();
      headers[k] = headers[k] !== undefined && k === 'set-cookie' ? `${headers[k]}, ${v}` : v;
    }
  }
  return { status: m ? Number(m[1]) : 0, headers };
}

/** Splits curl's stdout (header blocks, body, trailer) into a response. */
export function parseCurlOutput(stdout: string): HttpResponse {
  const t = stdout.lastIndexOf(TRAILER);
  if (t < 0) throw new Error('curl printed no status line');
  const [code, redirects, size, time, ...url] = stdout
    .slice(t + TRAILER.length)
    .trim()
    .split(' ');
  let rest = stdout.slice(0, t);
  // one header block per response; 1xx interim responses come on top of those
  let want = Number(redirects) + 1;
  let last = { status: Number(code), headers: {} as Record<string, string> };
  while (want > 0 && /^HTTP\//.test(rest)) {
    const end = rest.search(/\r?\n\r?\n/);
    const blockEnd = end < 0 ? rest.length : end;
    const block = parseHeaderBlock(rest.slice(0, blockEnd));
    const sep = end < 0 ? 0 : (/\r?\n\r?\n/.exec(rest.slice(end))?.[0].length ?? 0);
    rest = rest.slice(blockEnd + sep);
    if (block.status >= 100 && block.status < 200) continue;
    last = block;
    want--;
  }
  return {
    status: Number(code),
    headers: last.headers,
    body: rest,
    redirects: Number(redirects),
    sizeDownload: Number(size),
    elapsedSec: Number(time),
    url: url.join(' '),
  };
}

/** Ansible's uri result keys for headers: `Content-Type` becomes `content_type`. */
export function headerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.replace(/-/g, '_')] = v;
  return out;
}
