import { scriptText } from './context.js';
import type { ModuleContext } from '../types.js';
import { fastStatAndRead, fastStatPaths } from './fast-stat.js';

/**
 * What one remote `stat` round trip tells about several paths at once: existence, type, mode,
 * owner, size, times and (for regular files) a checksum. Every round trip costs a few ms over
 * SSH, so modules ask for all the paths they need in one call.
 */

export type FileType = 'file' | 'directory' | 'link' | 'socket' | 'fifo' | 'char' | 'block' | 'other';
export type ChecksumAlgo = 'sha1' | 'md5' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface RemoteStat {
  path: string;
  exists: boolean;
  type?: FileType;
  /** permission bits, e.g. 0o644 */
  mode?: number;
  uid?: number;
  gid?: number;
  owner?: string;
  group?: string;
  size?: number;
  mtime?: number;
  atime?: number;
  ctime?: number;
  nlink?: number;
  inode?: number;
  dev?: number;
  /** 512-byte blocks allocated (st_blocks) */
  blocks?: number;
  /** the preferred I/O size (st_blksize) */
  blockSize?: number;
  /** the device a character or block device node is, as st_rdev holds it (0 for other files) */
  rdev?: number;
  /** for a symlink: what it points to, as written */
  linkTarget?: string;
  /** for a symlink: the absolute path it resolves to */
  realPath?: string;
  checksum?: string;
  readable?: boolean;
  writeable?: boolean;
  executable?: boolean;
  /** `file -b --mime-type --mime-encoding` of the path ('' when `file` is missing or fails) */
  mime?: string;
  /** `lsattr -vd` of the path, when asked and lsattr tells: its version and flags ('-' removed) */
  lsattr?: { version: string; flags: string };
}

/**
 * `stat -c`'s format of a path's record (the `E` line parseStatOutput reads): type and mode, ids,
 * size, times to the nanosecond, links, inode, device, blocks, I/O size, a device node's major and
 * minor (hex), owner and group names. Every stat command whose output parseStatOutput reads uses it.
 */
export const STAT_FORMAT = '%f %u %g %s %.9Y %.9X %.9Z %h %i %d %b %o %t %T %U %G';

// Positional args: $1 follow (1/0), $2 checksum algorithm or '', $3 mime (1/''), $4 lsattr (1/''),
// then the paths.
// One record per path, ended by a line '.'; nothing of a path is pasted into the script.
// One `stat` process covers all paths (a process on the host costs several ms): it prints one
// line per path it could stat, in order, and the loop takes the lines of the paths that exist
// (`[ -e ]` follows links as `stat -L` does; a dangling link needs the stat without -L).
const STAT_SCRIPT = `f=$1; a=$2; mi=$3; at=$4; shift 4
if [ -n "$mi" ] && ! command -v file >/dev/null 2>&1; then mi=; fi
if [ -n "$at" ] && ! command -v lsattr >/dev/null 2>&1; then at=; fi
F='${STAT_FORMAT}'
nl='
'
fl=; nf=
if [ "$f" = 1 ]; then
  fl=$(stat -L -c "$F" -- "$@" 2>/dev/null)$nl
  for p in "$@"; do if [ -L "$p" ] && [ ! -e "$p" ]; then nf=1; fi; done
else nf=1; fi
if [ -n "$nf" ]; then nf=$(stat -c "$F" -- "$@" 2>/dev/null)$nl; fi
for p in "$@"; do
  if [ -e "$p" ] || [ -L "$p" ]; then
    s=
    if [ -n "$nf" ]; then s=\${nf%%"$nl"*}; nf=\${nf#*"$nl"}; fi
    if [ "$f" = 1 ] && [ -e "$p" ]; then s=\${fl%%"$nl"*}; fl=\${fl#*"$nl"}; fi
    printf 'E %s\\n' "$s"
    if [ -L "$p" ]; then printf 'L %s\\n' "$(readlink -- "$p")"; printf 'R %s\\n' "$(readlink -f -- "$p")"; fi
    r=-; w=-; x=-
    [ -r "$p" ] && r=r; [ -w "$p" ] && w=w; [ -x "$p" ] && x=x
    printf 'P %s%s%s\\n' "$r" "$w" "$x"
    if [ -n "$a" ] && [ -f "$p" ] && [ "$r" = r ] && { [ "$f" = 1 ] || [ ! -L "$p" ]; }; then
      c=$("$a"sum < "$p") && printf 'C %s\\n' "\${c%% *}"
    fi
    if [ -n "$mi" ]; then printf 'T %s\\n' "$(file -b --mime-type --mime-encoding -- "$p" 2>/dev/null)"; fi
    if [ -n "$at" ] && l=$(lsattr -vd -- "$p" 2>/dev/null); then printf 'A %s\\n' "\${l%%"$nl"*}"; fi
  else
    echo M
  fi
  echo .
done`;

export function typeOf(rawMode: number): FileType {
  switch (rawMode & 0o170000) {
    case 0o100000:
      return 'file';
    case 0o040000:
      return 'directory';
    case 0o120000:
      return 'link';
    case 0o140000:
      return 'socket';
    case 0o010000:
      return 'fifo';
    case 0o020000:
      return 'char';
    case 0o060000:
      return 'block';
    default:
      return 'other';
  }
}

/**
 * A time `stat` wrote as seconds.nanoseconds, as Python's st_mtime makes it (seconds plus
 * nanoseconds * 1e-9 in a double): the same float Ansible's stat reports.
 */
export function pyTime(text: string): number {
  const [sec, ns] = text.split('.');
  const frac = ns === undefined ? 0 : Number(ns) * 1e-9;
  // before 1970 stat writes -1.500000000 for what Python holds as -2 + 0.5
  return sec!.startsWith('-') ? Number(sec) - frac : Number(sec) + frac;
}

/** st_rdev of a device's major and minor numbers, as glibc's makedev encodes them (stat prints them apart). */
export function makedev(major: number, minor: number): number {
  const [ma, mi] = [BigInt(major), BigInt(minor)];
  const dev = ((ma & 0xfffn) << 8n) | ((ma & ~0xfffn) << 32n) | (mi & 0xffn) | ((mi & ~0xffn) << 12n);
  return Number(dev);
}

/** Parses the script's output into one RemoteStat per path, in order. */
export function parseStatOutput(paths: readonly string[], out: string): RemoteStat[] {
  const records = out.split('\n.\n');
  return paths.map((path, i) => {
    const st: RemoteStat = { path, exists: false };
    for (const line of (records[i] ?? '').split('\n')) {
      const tag = line.slice(0, 1);
      const rest = line.slice(2);
      if (tag === 'E') {
        const [
          f,
          uid,
          gid,
          size,
          mtime,
          atime,
          ctime,
          nlink,
          inode,
          dev,
          blocks,
          ioSize,
          major,
          minor,
          owner,
          group,
        ] = rest.split(' ');
        const raw = parseInt(f!, 16);
        Object.assign(st, {
          exists: true,
          type: typeOf(raw),
          mode: raw & 0o7777,
          uid: Number(uid),
          gid: Number(gid),
          size: Number(size),
          mtime: pyTime(mtime!),
          atime: pyTime(atime!),
          ctime: pyTime(ctime!),
          nlink: Number(nlink),
          inode: Number(inode),
          dev: Number(dev),
          blocks: Number(blocks),
          blockSize: Number(ioSize),
          rdev: makedev(parseInt(major!, 16), parseInt(minor!, 16)),
          owner,
          group,
        });
      } else if (tag === 'L') st.linkTarget = rest;
      else if (tag === 'R') st.realPath = rest;
      else if (tag === 'C') st.checksum = rest;
      else if (tag === 'T') st.mime = rest;
      else if (tag === 'A') {
        // Ansible's get_file_attributes: the output's first two words
        const [version, flags] = rest.trim().split(/\s+/);
        st.lsattr = { version: version!, flags: (flags ?? '').replace(/-/g, '') };
      } else if (tag === 'P') {
        st.readable = rest[0] === 'r';
        st.writeable = rest[1] === 'w';
        st.executable = rest[2] === 'x';
      }
    }
    return st;
  });
}

/**
 * Shell text for a module's own probe script, to run in a subshell (`$(...)`): prints the stat
 * record (not followed) of the path held in the shell variable `name`, for parseStatOutput; the
 * probe then needs no second round trip.
 */
export function statOfVariable(name: string): string {
  // braces, not parentheses: inside $( ) a leading "((" would read as arithmetic
  return `{ set -- 0 '' '' '' "$${name}"\n${STAT_SCRIPT}\n}`;
}

/** The argv of the batched stat command (exported for tests and for modules that chain it). */
export function statArgv(paths: readonly string[], opts: StatScriptOptions) {
  return ['sh', '-c', STAT_SCRIPT, 'stat', ...scriptArgs(paths, opts)];
}

/** The same as shell text that runs in the command's own shell (no extra `sh -c` on the host). */
export function statText(paths: readonly string[], opts: StatScriptOptions): string {
  return scriptText(STAT_SCRIPT, scriptArgs(paths, opts));
}

type StatScriptOptions = Pick<StatOptions, 'follow' | 'checksum' | 'mime' | 'lsattr'>;

function scriptArgs(paths: readonly string[], opts: StatScriptOptions): string[] {
  return [
    opts.follow ? '1' : '0',
    opts.checksum || '',
    opts.mime ? '1' : '',
    opts.lsattr ? '1' : '',
    ...paths,
  ];
}

export interface StatOptions {
  /** report what a symlink points to instead of the link itself */
  follow?: boolean;
  /** add the checksum of regular readable files */
  checksum?: ChecksumAlgo | false;
  /** ctime, inode, device, link count and times to the nanosecond: always by the command (SFTP tells none) */
  full?: boolean;
  /** the mime type and encoding by `file`, when the host has it (stat's get_mime) */
  mime?: boolean;
  /** the file attributes by `lsattr -vd` of the path itself, when the host has it (stat's get_attributes) */
  lsattr?: boolean;
}

/** Stats several remote paths in one command, or over SFTP with none when that is exact (fast-stat.ts). */
export async function statPaths(
  ctx: ModuleContext,
  paths: readonly string[],
  opts: StatOptions = {},
): Promise<RemoteStat[]> {
  if (paths.length === 0) return [];
  const fast =
    opts.full || opts.mime || opts.lsattr ? undefined : await fastStatPaths(ctx, paths, opts.checksum);
  if (fast) return fast;
  const r = await ctx.probeBytes({ shell: statText(paths, opts) }, { inline: true });
  return parseStatOutput(paths, r.stdout.toString('utf8'));
}

/**
 * Stats a path and, when it is a readable regular file, reads its bytes too: one round trip for
 * the modules that edit text files (lineinfile, blockinfile, replace).
 */
export async function statAndRead(
  ctx: ModuleContext,
  path: string,
): Promise<{ st: RemoteStat; content?: Buffer }> {
  const fast = await fastStatAndRead(ctx, path);
  if (fast) return fast;
  const script = `${STAT_SCRIPT}\nif [ -f "$1" ] && [ -r "$1" ]; then cat -- "$1"; fi`;
  const r = await ctx.probeBytes(
    { shell: scriptText(script, scriptArgs([path], { follow: true })) },
    { inline: true },
  );
  const end = r.stdout.indexOf('\n.\n');
  const st = parseStatOutput([path], r.stdout.subarray(0, end + 3).toString('utf8'))[0]!;
  const readable = st.exists && st.type === 'file' && st.readable;
  return { st, content: readable ? r.stdout.subarray(end + 3) : undefined };
}

export async function statPath(
  ctx: ModuleContext,
  path: string,
  opts: StatOptions = {},
): Promise<RemoteStat> {
  return (await statPaths(ctx, [path], opts))[0]!;
}

/** '0644' style, as Ansible's stat and find report modes ('%04o': '1444' with the sticky bit). */
export function modeString(mode: number | undefined): string | undefined {
  return mode === undefined ? undefined : mode.toString(8).padStart(4, '0');
}

/**
 * The mode in a module's result and diff ('0%03o': '0644', '01444' with the sticky bit), as
 * Ansible's add_path_info and set_mode_if_different write it.
 */
export function resultModeString(mode: number | undefined): string | undefined {
  return mode === undefined ? undefined : '0' + mode.toString(8).padStart(3, '0');
}

/** The stat fields Ansible modules return about a path (copy/file/template results). */
export function ansibleFileFacts(st: RemoteStat): Record<string, unknown> {
  if (!st.exists) return { state: 'absent' };
  return {
    uid: st.uid,
    gid: st.gid,
    owner: st.owner,
    group: st.group,
    mode: resultModeString(st.mode),
    size: st.size,
    state:
      st.type === 'directory'
        ? 'directory'
        : st.type === 'link'
          ? 'link'
          : st.type === 'file'
            ? 'file'
            : st.type,
  };
}

/**
 * A result with the facts of its `path` added as Ansible's exit_json adds them (add_path_info):
 * the path itself (not followed), its `state` replacing the module's own; nothing for a missing path.
 */
export function addPathInfo<R extends Record<string, unknown>>(result: R, st: RemoteStat): R {
  if (!st.exists) return result;
  const facts = ansibleFileFacts(st);
  if (st.type === 'file' && (st.nlink ?? 1) > 1) facts.state = 'hard';
  return { ...result, ...facts };
}
