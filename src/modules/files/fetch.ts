import { randomHex } from '../../util/random-pool.js';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { defineModule, ModuleFailure, type ArgTable } from '../lib/args.js';
import { sha1, sha1File } from '../lib/local-files.js';
import { statPath } from '../lib/remote-stat.js';
import type { ModuleContext } from '../types.js';

const args = {
  src: { type: 'string', remotePath: true },
  dest: { type: 'string' },
  flat: { type: 'boolean', default: false },
  fail_on_missing: { type: 'boolean', default: true },
  validate_checksum: { type: 'boolean', default: true },
} as const satisfies ArgTable;

/** Where the file lands on the controller: dest/<host>/<src path>, or dest itself with flat. */
function localDest(ctx: ModuleContext, src: string, dest: string, flat: boolean): string {
  let d = dest.startsWith('~/') ? join(homedir(), dest.slice(2)) : dest;
  const base = typeof ctx.vars.playbook_dir === 'string' ? ctx.vars.playbook_dir : process.cwd();
  if (!isAbsolute(d)) d = resolve(base, d);
  if (flat) return d.endsWith('/') ? join(d, posix.basename(src)) : d;
  return join(d, ctx.host, posix.normalize(src).replace(/^\/+/, ''));
}

/** fetch: copies a remote file to the controller (the reverse of copy); unchanged when checksums agree. */
export const fetch = defineModule({
  name: 'fetch',
  args,
  required: ['src', 'dest'],
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const dest = localDest(ctx, a.src, a.dest, a.flat);
    const st = await statPath(ctx, a.src, { checksum: 'sha1', follow: true });
    if (!st.exists || st.type === 'directory' || st.checksum === undefined) {
      const why = !st.exists
        ? 'the remote file does not exist'
        : st.type === 'directory'
          ? 'remote file is a directory, fetch cannot work on directories'
          : 'file is not readable';
      if (a.fail_on_missing) throw new ModuleFailure(why, { file: a.src });
      return { changed: false, msg: `${why}, not transferring, ignored`, file: a.src };
    }
    const localSum = await sha1File(dest).catch(() => undefined);
    const res = { dest, file: a.src, remote_checksum: st.checksum, checksum: st.checksum };
    if (localSum === st.checksum) return { changed: false, ...res };
    // the change is on the controller: check mode neither downloads nor writes
    await ctx.changes(`fetch ${a.src} to ${dest} on the controller`, async () => {
      // without become the file comes over SFTP; with become (the connecting user may not read it) via cat
      const data = ctx.become
        ? (await ctx.probeBytes(['cat', '--', a.src])).stdout
        : await ctx.getFile(a.src);
      if (a.validate_checksum && sha1(data) !== st.checksum)
        throw new ModuleFailure('checksum mismatch', {
          file: a.src,
          remote_checksum: st.checksum,
          checksum: sha1(data),
        });
      await mkdir(dirname(dest), { recursive: true });
      const tmp = `${dest}.fabplay-${randomHex(6)}.tmp`;
      try {
        await writeFile(tmp, data);
        await rename(tmp, dest);
      } catch (e) {
        await rm(tmp, { force: true });
        throw new ModuleFailure(`could not write ${dest}: ${(e as Error).message}`);
      }
    });
    return { changed: true, ...res };
  },
});
