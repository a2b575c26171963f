import { fnmatch } from '../../util/fnmatch.js';
import { pySplitLines } from '../../util/py-text.js';
import { quote } from '../../util/shell.js';
import type { ModuleContext } from '../types.js';
import {
  escapeDecode,
  PARSABLE_LOCALE,
  type ArchiveCheck,
  type ArchiveHandler,
  type ArchiveOptions,
  type ExtractResult,
} from './unarchive-handler.js';

/**
 * unarchive's tar archives, as ansible-core 2.14's TgzArchive and its kin: GNU tar lists the
 * members, `tar --diff` tells whether the tree under dest already matches, `tar --extract` unpacks.
 * The classes differ only in the compression flag; tried in Ansible's order, plain `tar` (no
 * flag) reads bz2, xz and zstd itself, so those report TarArchive as in Ansible.
 */

export const TAR_KINDS: readonly { name: string; flag: string }[] = [
  { name: 'TgzArchive', flag: '-z' },
  { name: 'TarArchive', flag: '' },
  { name: 'TarBzipArchive', flag: '-j' },
  { name: 'TarXzArchive', flag: '-J' },
  { name: 'TarZstdArchive', flag: '--use-compress-program=zstd' },
];

const DIFF_LINES = {
  owner: /: Uid differs$/,
  group: /: Gid differs$/,
  mode: /: Mode differs$/,
  mtime: /: Mod time differs$/,
  emptyName: /: : Warning: Cannot stat: No such file or directory$/,
  missing: /: Warning: Cannot stat: No such file or directory$/,
  badOwner: /: Invalid owner/,
  badGroup: /: Invalid group/,
};

/** A tar command as Ansible builds it: mode word, dest, compression, extra options, owner ..., archive, members (pure). */
export function tarArgv(
  tar: string,
  verb: '--list' | '--diff' | '--extract',
  flag: string,
  o: ArchiveOptions,
): string[] {
  const argv = [tar, verb, '-C', o.dest];
  if (flag) argv.push(flag);
  if (o.extraOpts.length) argv.push('--show-transformed-names', ...o.extraOpts);
  if (verb !== '--list') {
    // Ansible quotes these as for a shell, although no shell reads them
    if (o.owner) argv.push(`--owner=${quote(o.owner)}`);
    if (o.group) argv.push(`--group=${quote(o.group)}`);
    if (o.keepNewer) argv.push('--keep-newer-files');
  }
  argv.push(...tarExcludes(o).map((e) => `--exclude=${e}`), '-f', o.src, ...o.include);
  return argv;
}

/** Ansible drops a trailing `/` from tar's excludes. */
function tarExcludes(o: ArchiveOptions): string[] {
  return o.exclude.map((e) => e.replace(/\/+$/, ''));
}

/** The member names of `tar --list` output: unescaped, without a leading `/`, excludes dropped (pure). */
export function parseTarList(out: string, o: ArchiveOptions): string[] {
  const excludes = tarExcludes(o).map(fnmatch);
  const names: string[] = [];
  for (const line of pySplitLines(out)) {
    let name = escapeDecode(line);
    if (name.startsWith('/')) name = name.slice(1);
    if (!excludes.some((re) => re.test(name))) names.push(name);
  }
  return names;
}

/**
 * Whether `tar --diff` found a difference that matters, as Ansible reads it: a missing file or a
 * changed mtime always; owner and group only when running as root without owner/group given;
 * mode only without mode given (those are set afterwards anyway) (pure).
 */
export function tarDiffMatters(out: string, err: string, runUid: number, o: ArchiveOptions): boolean {
  for (const line of [...out.split(/\r?\n/), ...err.split(/\r?\n/)]) {
    if (DIFF_LINES.emptyName.test(line)) continue;
    if (runUid === 0 && !o.owner && DIFF_LINES.owner.test(line)) return true;
    if (runUid === 0 && !o.group && DIFF_LINES.group.test(line)) return true;
    if (o.mode === undefined && DIFF_LINES.mode.test(line)) return true;
    for (const re of [DIFF_LINES.mtime, DIFF_LINES.missing, DIFF_LINES.badOwner, DIFF_LINES.badGroup])
      if (re.test(line)) return true;
  }
  return false;
}

/** The path of GNU tar on the host (gtar first, as Ansible), or why there is none. */
async function gnuTar(ctx: ModuleContext): Promise<{ tar?: string; why?: string }> {
  const r = await ctx.probe({ shell: 'command -v gtar || command -v tar' }, { allowFail: true });
  const tar = r.stdout.trim().split('\n')[0];
  if (!tar) return { why: "Unable to find required 'gtar' or 'tar' binary in the path" };
  const v = (await ctx.probe([tar, '--version'], { allowFail: true })).stdout;
  const type = v.startsWith('bsdtar') ? 'bsd' : v.startsWith('tar') && v.includes('GNU') ? 'gnu' : 'None';
  if (type !== 'gnu') return { why: `Command "${tar}" detected as tar type ${type}. GNU tar required.` };
  return { tar };
}

/** The first tar handler that lists members in the archive, or the reasons none could. */
export async function pickTarHandler(
  ctx: ModuleContext,
  o: ArchiveOptions,
  runUid: number,
): Promise<{ handler?: ArchiveHandler; reasons: string[] }> {
  const { tar, why } = await gnuTar(ctx);
  if (!tar) return { reasons: [why!] };
  const reasons: string[] = [];
  const run = (argv: string[]) => ctx.probe(argv, { cwd: o.dest, env: PARSABLE_LOCALE, allowFail: true });
  for (const kind of TAR_KINDS) {
    const r = await run(tarArgv(tar, '--list', kind.flag, o));
    if (r.rc !== 0) {
      reasons.push(
        `Command "${tar}" could not handle archive: Unable to list files in the archive: ${r.stderr}`,
      );
      continue;
    }
    const files = parseTarList(r.stdout, o);
    if (files.length === 0) {
      reasons.push(`Command "${tar}" found no files in archive. Empty archive files are not supported.`);
      continue;
    }
    return { handler: tarHandler(tar, kind, o, files, runUid), reasons };
  }
  return { reasons };
}

function tarHandler(
  tar: string,
  kind: { name: string; flag: string },
  o: ArchiveOptions,
  files: string[],
  runUid: number,
): ArchiveHandler {
  const opts = { env: PARSABLE_LOCALE, cwd: o.dest, allowFail: true } as const;
  return {
    name: kind.name,
    files,
    async check(ctx): Promise<ArchiveCheck> {
      const r = await ctx.probe(tarArgv(tar, '--diff', kind.flag, o), opts);
      return { unarchived: !tarDiffMatters(r.stdout, r.stderr, runUid, o) };
    },
    async extract(ctx): Promise<ExtractResult | undefined> {
      const cmd = tarArgv(tar, '--extract', kind.flag, o);
      const r = await ctx.change(cmd, opts);
      return r && { cmd, rc: r.rc, out: r.stdout, err: r.stderr };
    },
    attrsAfter: () => true,
  };
}
