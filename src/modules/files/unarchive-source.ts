import { readFile } from 'node:fs/promises';
import { ModuleFailure } from '../lib/args.js';
import { statPaths } from '../lib/remote-stat.js';
import { downloadOnHost } from '../net/download.js';
import type { ModuleContext } from '../types.js';

/**
 * Where unarchive's archive comes from. A controller file is copied into a scratch directory on
 * the host, as Ansible's action plugin copies it into its remote tmp (in check mode too: the
 * check needs the archive there); a URL with remote_src is downloaded into one by the host.
 * The scratch directory is removed when the task ends.
 */

export interface ArchiveSource {
  /** the archive's path on the host */
  path: string;
  /** removes the scratch directory, if one was made */
  cleanup(): Promise<void>;
}

/** A private scratch directory: the login user's for an upload (SFTP writes as that user), else the task's user's. */
async function scratchDir(
  ctx: ModuleContext,
  loginUser: boolean,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const as = loginUser ? { become: false } : {};
  const dir = (await ctx.probe(['mktemp', '-d', '/tmp/.fabplay-unarchive.XXXXXXXX'], as)).stdout.trim();
  return {
    dir,
    cleanup: async () => void (await ctx.probe(['rm', '-rf', '--', dir], { ...as, allowFail: true })),
  };
}

/**
 * Copies a controller archive (or its decrypted bytes) to the host. Outside check mode over SFTP;
 * where check mode keeps the upload back, the bytes go on a reading command's stdin instead.
 */
export async function stageControllerArchive(
  ctx: ModuleContext,
  local: string,
  data?: Buffer,
): Promise<ArchiveSource> {
  const { dir, cleanup } = await scratchDir(ctx, true);
  const path = `${dir}/source`;
  try {
    const uploaded = data === undefined && (await ctx.putFile(local, path, { mode: 0o600 }));
    if (!uploaded)
      await ctx.probe(['sh', '-c', 'cat > "$1"', 'sh', path], {
        stdin: data ?? (await readFile(local)),
        become: false,
      });
    // a become user other than the login user must read it (Ansible's _fixup_perms2)
    if (ctx.become) await ctx.probe(['chmod', '-R', 'a+rX', dir], { become: false });
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { path, cleanup };
}

/** An archive already on the host: it must exist, be readable and not be empty (Ansible's words). */
export async function checkHostArchive(ctx: ModuleContext, src: string, transferred: boolean): Promise<void> {
  const [st] = await statPaths(ctx, [src], { follow: true });
  if (!st!.exists)
    throw new ModuleFailure(
      transferred ? `Source '${src}' failed to transfer` : `Source '${src}' does not exist`,
    );
  if (st!.readable === false) throw new ModuleFailure(`Source '${src}' not readable`);
  if (st!.size === 0) throw new ModuleFailure(`Invalid archive '${src}', the file is 0 bytes`);
}

/** remote_src with a URL: the host downloads it into a scratch directory (Ansible's fetch_file). */
export async function downloadArchive(
  ctx: ModuleContext,
  url: string,
  validateCerts: boolean,
): Promise<ArchiveSource> {
  const { dir, cleanup } = await scratchDir(ctx, false);
  // fetch_file names the file after the URL's last path segment
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'download') || 'download';
  const path = `${dir}/${name}`;
  try {
    const status = await downloadOnHost(ctx, {
      url,
      method: 'GET',
      headers: {},
      validateCerts,
      followRedirects: true,
      timeoutSec: 10,
      output: path,
    });
    if (status < 200 || status > 299)
      throw new ModuleFailure(`Failure downloading ${url}, HTTP Error ${status}`);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { path, cleanup };
}
