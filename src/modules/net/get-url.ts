import { defineModule, ModuleFailure } from '../lib/args.js';
import { atomicWrite } from '../lib/atomic-write.js';
import { applyAttrs, checkModeArg, resolveMode, type WantedAttrs } from '../lib/file-attrs.js';
import { statPath } from '../lib/remote-stat.js';
import { downloadOnHost } from './download.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.get_url: downloads a URL to a file ON the managed host (with its curl or wget),
 * into a temporary file in the destination directory, verified, then renamed into place.
 * An existing dest is kept unless force, or unless its checksum differs from `checksum`.
 */

const ALGOS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

const args = {
  url: { type: 'string' },
  dest: { type: 'string' },
  checksum: { type: 'string', default: '' },
  force: { type: 'boolean', default: false },
  mode: { type: 'mode' },
  owner: { type: 'string' },
  group: { type: 'string' },
  headers: { type: 'object', default: {} },
  validate_certs: { type: 'boolean', default: true },
  timeout: { type: 'integer', default: 10 },
  url_username: { type: 'string', aliases: ['username'] },
  url_password: { type: 'string', aliases: ['password'] },
  // curl sends the credentials with the first request whatever this says
  force_basic_auth: { type: 'boolean', default: false, unsupported: { allow: [true, false] } },
} as const;

/** `sha256:abc...` into its parts; a bad one is the user's error (pure). */
export function parseChecksum(v: string): { algo: string; hex: string } | undefined {
  if (!v) return undefined;
  const m = /^(\w+):(.+)$/.exec(v.trim());
  if (!m || !ALGOS.includes(m[1]!.toLowerCase()))
    throw new ModuleFailure(
      `checksum must be <algorithm>:<hex>, with algorithm one of ${ALGOS.join(', ')}; got '${v}'`,
    );
  if (!/^[0-9a-fA-F]+$/.test(m[2]!))
    throw new ModuleFailure(
      `checksum '${v}': fabplay takes the hex digest itself, not a URL to a checksum file`,
    );
  return { algo: m[1]!.toLowerCase(), hex: m[2]!.toLowerCase() };
}

async function digest(ctx: ModuleContext, algo: string, path: string): Promise<string | undefined> {
  const r = await ctx.probe([`${algo}sum`, '--', path], { allowFail: true });
  return r.rc === 0 ? r.stdout.trim().split(/\s+/)[0] : undefined;
}

/** owner/group/mode through the file modules' shared helpers (a change). */
async function setAttrs(ctx: ModuleContext, path: string, a: WantedAttrs): Promise<boolean> {
  if (a.mode === undefined && !a.owner && !a.group) return false;
  const st = await statPath(ctx, path);
  return (await applyAttrs(ctx, st, { mode: a.mode, owner: a.owner, group: a.group })).changed;
}

export const getUrl = defineModule({
  name: 'get_url',
  args,
  required: ['url', 'dest'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const sum = parseChecksum(a.checksum);
    checkModeArg(a.mode);
    if (!/^(https?|ftp):\/\//.test(a.url))
      throw new ModuleFailure(`url must be http(s) or ftp, got '${a.url}'`);
    let dest = a.dest;
    if ((await ctx.probe(['test', '-d', dest], { allowFail: true })).rc === 0) {
      const base = new URL(a.url).pathname.split('/').pop();
      if (!base) throw new ModuleFailure(`dest ${dest} is a directory and the URL names no file`);
      dest = `${dest.replace(/\/$/, '')}/${decodeURIComponent(base)}`;
    }
    const before = await digest(ctx, 'sha1', dest);
    const exists = before !== undefined;
    const req = {
      url: a.url,
      method: 'GET',
      headers: Object.fromEntries(Object.entries(a.headers).map(([k, v]) => [k, String(v)])),
      validateCerts: a.validate_certs,
      followRedirects: true,
      timeoutSec: a.timeout,
      user: a.url_username,
      password: a.url_password,
    };
    const diff = (after: string) => ({
      before: exists ? `sha1: ${before}\n` : 'absent\n',
      after,
      before_header: dest,
      after_header: dest,
    });
    let upToDate = exists && !a.force;
    if (upToDate && sum) upToDate = (await digest(ctx, sum.algo, dest)) === sum.hex;
    if (upToDate) {
      const attrs = await setAttrs(ctx, dest, a);
      return {
        changed: attrs,
        dest,
        url: a.url,
        checksum_dest: before,
        msg: 'file already exists',
        status_code: 304,
      };
    }
    // download into a scratch file (as Ansible into its remote tmp): reading the URL changes
    // nothing, so check mode compares real content too; the write into place is the change
    const tmp = (await ctx.probe(['mktemp', '/tmp/.fabplay-get_url.XXXXXXXX'])).stdout.trim();
    try {
      const status = await downloadOnHost(ctx, { ...req, output: tmp });
      if (status < 200 || status > 299)
        throw new ModuleFailure(`Request failed on ${ctx.host}: HTTP Error ${status} for ${a.url}`, {
          status_code: status,
          url: a.url,
          dest,
        });
      if (sum) {
        const got = await digest(ctx, sum.algo, tmp);
        if (got !== sum.hex)
          throw new ModuleFailure(`The checksum for ${dest} did not match ${sum.hex}; it was ${got}.`, {
            url: a.url,
            dest,
          });
      }
      const fresh = await digest(ctx, 'sha1', tmp);
      const size = Number((await ctx.probe(['stat', '-c', '%s', '--', tmp])).stdout.trim());
      const contentChanged = fresh !== before;
      const mode = a.mode === undefined ? undefined : resolveMode(a.mode, 0o644, false);
      const written = contentChanged
        ? await atomicWrite(ctx, dest, { remotePath: tmp }, { owner: a.owner, group: a.group, mode })
        : undefined;
      const changed = contentChanged || (await setAttrs(ctx, dest, a));
      const result: Record<string, unknown> = {
        changed,
        dest,
        url: a.url,
        checksum_src: fresh,
        checksum_dest: written || !contentChanged ? fresh : before,
        size,
        status_code: status,
        msg: `OK (${size} bytes)`,
      };
      if (ctx.diff && changed) result.diff = diff(`sha1: ${fresh}\n`);
      return result as { changed: boolean };
    } finally {
      await ctx.probe(['rm', '-f', '--', tmp], { allowFail: true });
    }
  },
});
