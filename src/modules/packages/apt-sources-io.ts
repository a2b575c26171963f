import { ModuleFailure } from '../lib/args.js';
import { atomicWrite } from '../lib/atomic-write.js';
import { parseFile, type SourceFiles } from './apt-sources.js';
import type { ModuleContext } from '../types.js';

/**
 * Reading and writing the one-line apt sources on a host, for apt_repository: where apt keeps
 * them (apt-config, as python-apt's apt_pkg.config answers Ansible), and every file of them read
 * in one round trip.
 */

export interface HostSources {
  /** Dir::Etc::sourcelist, e.g. /etc/apt/sources.list */
  listFile: string;
  /** Dir::Etc::sourceparts, with its trailing slash */
  partsDir: string;
  partsDirExists: boolean;
  /** sources.list when it is a file, then each sourceparts/*.list (not dot files) */
  files: SourceFiles;
  /** the bytes as read, to leave a file alone that would be written the same */
  raw: Map<string, string>;
}

// exit 3: no apt; exit 4: neither apt-key nor gpg (Ansible's UbuntuSourcesList needs one).
// Each file: its path, NUL, its size or '-' when it cannot be read, NUL, its bytes.
const READ_SCRIPT = `command -v apt-config >/dev/null 2>&1 || exit 3
command -v apt-key >/dev/null 2>&1 || command -v gpg >/dev/null 2>&1 || exit 4
eval "$(apt-config shell L Dir::Etc::sourcelist/f P Dir::Etc::sourceparts/d)"
printf '%s\\n%s\\n' "$L" "$P"
if [ -d "$P" ]; then echo 1; else echo 0; fi
for f in "$L" "$P"*.list; do
  if [ "$f" = "$L" ]; then [ -f "$f" ] || continue; else [ -e "$f" ] || [ -L "$f" ] || continue; fi
  if [ -f "$f" ] && [ -r "$f" ]; then printf '%s\\0%s\\0' "$f" "$(wc -c < "$f")"; cat -- "$f"
  else printf '%s\\0-\\0' "$f"; fi
done`;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readHostSources(ctx: ModuleContext): Promise<HostSources> {
  const r = await ctx.probeBytes(['sh', '-c', READ_SCRIPT, 'sh'], { allowFail: true });
  if (r.rc === 3) throw new ModuleFailure('apt_repository: this host has no apt (apt-config not found)');
  if (r.rc === 4)
    throw new ModuleFailure('Either apt-key or gpg binary is required, but neither could be found');
  if (r.rc !== 0)
    throw new ModuleFailure(`apt_repository: cannot read the apt sources: ${r.stderr.toString().trim()}`);
  const out = r.stdout;
  let at = 0;
  const upTo = (sep: number) => {
    const end = out.indexOf(sep, at);
    const s = out.subarray(at, end).toString('utf8');
    at = end + 1;
    return s;
  };
  const listFile = upTo(0x0a);
  const partsDir = upTo(0x0a);
  const partsDirExists = upTo(0x0a) === '1';
  const files: SourceFiles = new Map();
  const raw = new Map<string, string>();
  while (at < out.length) {
    const path = upTo(0);
    const size = upTo(0);
    if (size === '-')
      throw new ModuleFailure(`apt_repository: cannot read ${path} (not a readable file); fix or remove it`);
    const bytes = out.subarray(at, at + Number(size.trim()));
    at += bytes.length;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new ModuleFailure(`apt_repository: ${path} is not UTF-8 text; fix or remove it`);
    }
    files.set(path, parseFile(text));
    raw.set(path, text);
  }
  return { listFile, partsDir, partsDirExists, files, raw };
}

/**
 * Brings the host's files from `current` (path -> text) to `want` (Ansible's SourcesList.save):
 * each file of `want` written where it differs (an existing one keeps its mode and owner), each
 * file of `current` that `want` lacks removed.
 */
export async function writeSources(
  ctx: ModuleContext,
  host: HostSources,
  current: ReadonlyMap<string, string>,
  want: ReadonlyMap<string, string>,
): Promise<void> {
  if (!host.partsDirExists && [...want.keys()].some((p) => p.startsWith(host.partsDir)))
    await ctx.change(['mkdir', '-p', '--', host.partsDir]);
  for (const [path, text] of want)
    if (current.get(path) !== text) await atomicWrite(ctx, path, { data: Buffer.from(text) });
  const gone = [...current.keys()].filter((p) => !want.has(p));
  if (gone.length) await ctx.change(['rm', '-f', '--', ...gone]);
}
