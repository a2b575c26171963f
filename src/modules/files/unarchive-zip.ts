import { posix } from 'node:path';
import { fnmatch } from '../../util/fnmatch.js';
import { statPaths } from '../lib/remote-stat.js';
import type { ModuleContext } from '../types.js';
import { pySplit, pySplitLines } from '../../util/py-text.js';
import type { ArchiveHandler, ArchiveOptions } from './unarchive-handler.js';
import { compareZip, parseZipinfo, type ZipOnHost, type ZipRunner } from './unarchive-zip-compare.js';

/**
 * unarchive's zip archives, as ansible-core 2.14's ZipArchive (unzip and zipinfo) and ZipZArchive
 * (unzip -Z where zipinfo is missing): `unzip -v` names the members with their CRC-32, `zipinfo
 * -T -s` gives what the comparison needs (unarchive-zip-compare.ts), `unzip -o` unpacks.
 */

/** Members and their CRC-32 from `unzip -v` (Ansible reads them with Python's zipfile) (pure). */
export function parseUnzipVerbose(out: string): { names: string[]; crcs: Map<string, number> } {
  const names: string[] = [];
  const crcs = new Map<string, number>();
  for (const line of pySplitLines(out).slice(3, -2)) {
    const f = pySplit(line, null, 7);
    if (f.length !== 8) continue;
    names.push(f[7]!);
    crcs.set(f[7]!, parseInt(f[6]!, 16));
  }
  return { names, crcs };
}

/** files_in_archive: each member an include pattern matches (once per pattern, as Ansible), or every member no exclude matches (pure). */
export function zipMembers(
  names: readonly string[],
  o: Pick<ArchiveOptions, 'include' | 'exclude'>,
): string[] {
  if (o.include.length) {
    const inc = o.include.map(fnmatch);
    return names.flatMap((n) => inc.filter((re) => re.test(n)).map(() => n));
  }
  const exc = o.exclude.map(fnmatch);
  return names.filter((n) => !exc.some((re) => re.test(n)));
}

// $1 owner, $2 group (or ''), then N, then N member times, then the member paths.
// Prints the umask, the running user, how owner/group resolve (getent: by name, or by id), the
// member times as epochs by the host's local time rules, and 8 bytes for each path: for a regular
// file the gzip trailer of its bytes, whose first 4 are its CRC-32 (zip's); hosts need no Python.
const RUNNER_SCRIPT = `o=$1; g=$2; n=$3; shift 3
printf 'U %s\\n' "$(umask)"
printf 'I %s %s %s %s\\n' "$(id -u)" "$(id -g)" "$(id -un 2>/dev/null)" "$(id -gn 2>/dev/null)"
printf 'G %s\\n' "$(id -G)"
if [ -n "$o" ]; then printf 'O %s\\n' "$(getent passwd "$o" | head -n 1)"; fi
if [ -n "$g" ]; then printf 'R %s\\n' "$(getent group "$g" | head -n 1)"; fi
i=0
for t in "$@"; do i=$((i+1)); [ "$i" -le "$n" ] && printf '%s\\n' "$t"; done | date -f - +'T %s'
i=0
for p in "$@"; do
  i=$((i+1)); [ "$i" -le "$n" ] && continue
  if [ -f "$p" ] && [ ! -L "$p" ]; then
    { gzip -1 -c < "$p" 2>/dev/null || printf 00000000; } | tail -c 8
  else printf 00000000; fi
done | od -An -v -tu1 | tr -s ' \\n' '  ' | sed 's/^ */C /'; echo`;

function field(out: string[], tag: string): string | undefined {
  return out.find((l) => l.startsWith(`${tag} `))?.slice(2);
}

/** The umask, the running user, owner/group as they resolve, member epochs and CRCs from the host. */
async function askHost(
  ctx: ModuleContext,
  o: ArchiveOptions,
  times: string[],
  paths: string[],
): Promise<{ runner: ZipRunner; epochs: number[]; crcs: (number | undefined)[] }> {
  const args = [o.owner ?? '', o.group ?? '', String(times.length), ...times, ...paths];
  const r = await ctx.probe(['sh', '-c', RUNNER_SCRIPT, 'unarchive', ...args]);
  const lines = r.stdout.split('\n');
  const [uid, gid, user, group] = (field(lines, 'I') ?? '').split(' ');
  const pw = (field(lines, 'O') ?? '').split(':');
  const gr = (field(lines, 'R') ?? '').split(':');
  const runner: ZipRunner = {
    umask: parseInt(field(lines, 'U') ?? '022', 8),
    uid: Number(uid),
    gid: Number(gid),
    user: user || undefined,
    group: group || undefined,
    groups: (field(lines, 'G') ?? '').split(' ').filter(Boolean).map(Number),
    futOwner: pw.length > 2 ? pw[0] : user || undefined,
    futUid: pw.length > 2 ? Number(pw[2]) : Number(uid),
    futGroup: gr.length > 2 ? gr[0] : group || undefined,
    futGid: gr.length > 2 ? Number(gr[2]) : Number(gid),
  };
  const epochs = lines.filter((l) => l.startsWith('T ')).map((l) => Number(l.slice(2)));
  const bytes = (field(lines, 'C') ?? '').split(' ').filter(Boolean).map(Number);
  const crcs = paths.map((_, k) =>
    bytes.length >= k * 8 + 4 ? Buffer.from(bytes.slice(k * 8, k * 8 + 4)).readUInt32LE(0) : undefined,
  );
  return { runner, epochs, crcs };
}

/** The zip handler, when unzip can read the archive; else the reason it cannot. */
export async function pickZipHandler(
  ctx: ModuleContext,
  o: ArchiveOptions,
): Promise<{ handler?: ArchiveHandler; reasons: string[] }> {
  const found = (
    await ctx.probe({ shell: 'command -v unzip; command -v zipinfo' }, { allowFail: true })
  ).stdout
    .split('\n')
    .filter(Boolean);
  const unzip = found.find((p) => p.endsWith('/unzip'));
  const zipinfo = found.find((p) => p.endsWith('/zipinfo'));
  // Ansible tries two zip handlers, each naming the binaries it misses: ZipArchive needs unzip
  // and zipinfo, ZipZArchive unzip twice (for `unzip -Z`); a failed listing reads the same for both
  const missing = (names: string[]) =>
    `Unable to find required '${names.join("' or '")}' binary in the path.`;
  const lacking = [...(unzip ? [] : ['unzip']), ...(zipinfo ? [] : ['zipinfo'])];
  const reasons = lacking.length ? [missing(lacking)] : [];
  if (!unzip) return { reasons: [...reasons, missing(['unzip', 'unzip'])] };
  const list = await ctx.probe([unzip, '-v', o.src], { allowFail: true });
  if (list.rc !== 0)
    return { reasons: [...reasons, `Command "${unzip}" could not handle archive: ${list.stderr}`] };
  const { names, crcs } = parseUnzipVerbose(list.stdout);
  const info = zipinfo ? [zipinfo] : [unzip, '-Z'];
  let excludes = [...o.exclude];
  const handler: ArchiveHandler = {
    name: zipinfo ? 'ZipArchive' : 'ZipZArchive',
    files: zipMembers(names, o),
    async check(ctx) {
      const argv = [...info, '-T', '-s', o.src];
      if (o.exclude.length) argv.push('-x', ...o.exclude);
      const zi = await ctx.probe([...argv, ...o.include], { allowFail: true });
      const entries = parseZipinfo(zi.stdout);
      const paths = entries.map((e) => posix.join(o.dest, e.path));
      const sts = await statPaths(ctx, paths, { full: true });
      const host = await askHost(
        ctx,
        o,
        entries.map((e) => e.time),
        paths,
      );
      const onHost = new Map<string, ZipOnHost>(
        entries.map((e, k) => [
          e.path,
          { st: sts[k]!, timestamp: host.epochs[k]!, crc: o.ioBufferSize === 0 ? 0 : host.crcs[k] },
        ]),
      );
      const res = compareZip({
        rc: zi.rc,
        entries,
        crcs,
        onHost,
        runner: host.runner,
        excludes,
        keepNewer: o.keepNewer,
        mode: o.mode,
      });
      excludes = res.excludes;
      return { unarchived: res.unarchived, diff: res.diff };
    },
    async extract(ctx) {
      const cmd = [unzip, '-o', ...o.extraOpts, o.src];
      if (excludes.length) cmd.push('-x', ...excludes);
      cmd.push(...o.include, '-d', o.dest);
      const r = await ctx.change(cmd, { allowFail: true });
      return r && { cmd, rc: r.rc, out: r.stdout, err: r.stderr };
    },
    attrsAfter: (check) => Boolean(check.diff),
  };
  return { handler, reasons: [] };
}
