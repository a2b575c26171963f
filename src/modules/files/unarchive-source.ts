import { ModuleFailure } from '../lib/args.js';
import { statPaths } from '../lib/remote-stat.js';
import { getOnHost } from '../net/download.js';
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

/** A private scratch directory of the task's user, who downloads into it. */
async function scratchDir(ctx: ModuleContext): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = (await ctx.probe(['mktemp', '-d', '/tmp/.fabplay-scratch.XXXXXXXX'])).stdout.trim();
  return { dir, cleanup: async () => void (await ctx.probe(['rm', '-rf', '--', dir], { allowFail: true })) };
}

/** A controller archive (or its decrypted bytes) in a scratch directory on the host, in check mode too. */
export function stageControllerArchive(
  ctx: ModuleContext,
  local: string,
  data?: Buffer,
): Promise<ArchiveSource> {
  return ctx.scratchCopy(data === undefined ? { localPath: local } : { data }, 'source');
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
  const { dir, cleanup } = await scratchDir(ctx);
  // fetch_file names the file after the URL's last path segment
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'download') || 'download';
  const path = `${dir}/${name}`;
  try {
    const status = await getOnHost(ctx, url, validateCerts, path);
    if (status < 200 || status > 299)
      throw new ModuleFailure(`Failure downloading ${url}, HTTP Error ${status}`);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { path, cleanup };
}
