import { ModuleFailure } from '../lib/args.js';
import { getOnHost } from '../net/download.js';
import type { ModuleContext } from '../types.js';

/**
 * What the key modules (apt_key, rpm_key) need on the host before they start: their tools, found
 * as Ansible's get_bin_path finds them (PATH, then /sbin, /usr/sbin, /usr/local/sbin), and a key
 * fetched from a URL by the host itself into a scratch file, as Ansible's fetch_url runs there.
 */

// prints the search path, then one line per name: its path, or nothing
const FIND_SCRIPT = `P="$PATH"
for d in /sbin /usr/sbin /usr/local/sbin; do
  case ":$P:" in *":$d:"*) ;; *) [ -e "$d" ] && P="$P:$d" ;; esac
done
printf '%s\\n' "$P"
for n in "$@"; do
  found=
  IFS=:
  for d in $P; do
    [ -n "$d" ] || continue
    if [ -e "$d/$n" ] && [ ! -d "$d/$n" ] && [ -x "$d/$n" ]; then found="$d/$n"; break; fi
  done
  unset IFS
  printf '%s\\n' "$found"
done`;

/** Each name's path on the host ('' when missing), and the search path for messages. */
export async function findBins(
  ctx: ModuleContext,
  names: readonly string[],
): Promise<{ paths: string; found: Map<string, string> }> {
  const r = await ctx.probe(['sh', '-c', FIND_SCRIPT, 'sh', ...names]);
  const lines = r.stdout.split('\n');
  return { paths: lines[0] ?? '', found: new Map(names.map((n, i) => [n, lines[i + 1] ?? ''])) };
}

/** Ansible's message for a required tool that is missing. */
export function missingBin(name: string, paths: string): ModuleFailure {
  return new ModuleFailure(`Failed to find required executable "${name}" in paths: ${paths}`);
}

/**
 * Downloads `url` on the host into a scratch file (a read: check mode too); `failed(status)`
 * is the module's own failure for a status other than 200. Returns the file and its cleanup.
 */
export async function fetchToScratch(
  ctx: ModuleContext,
  url: string,
  validateCerts: boolean,
  failed: (status: number) => ModuleFailure,
): Promise<{ path: string; cleanup(): Promise<void> }> {
  const path = (await ctx.probe(['mktemp', '/tmp/.fabplay-key.XXXXXXXX'])).stdout.trim();
  const cleanup = async () => void (await ctx.probe(['rm', '-f', '--', path], { allowFail: true }));
  try {
    const status = await getOnHost(ctx, url, validateCerts, path);
    if (status !== 200) throw failed(status);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { path, cleanup };
}
