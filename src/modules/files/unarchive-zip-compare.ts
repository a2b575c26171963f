import { ModuleFailure } from '../lib/args.js';
import { resolveMode } from '../lib/file-attrs.js';
import type { RemoteStat } from '../lib/remote-stat.js';
import { pySplit, pySplitLines } from '../../util/py-text.js';

/**
 * Whether a zip archive is already unpacked under dest, decided as ansible-core 2.14's
 * ZipArchive.is_unarchived does from `zipinfo -T -s` and the files on the host: type, mtime,
 * size, CRC-32, permissions, owner and group of each member. Pure: the host's answers come in
 * as data (unarchive-zip.ts gathers them), so the rules are tested as data.
 */

/** One member line of `zipinfo -T -s`. */
export interface ZipEntry {
  ztype: string;
  permstr: string;
  size: number;
  path: string;
  /** the member's time as zipinfo -T writes it, local time of the host: 'YYYY-mm-dd HH:MM:SS' */
  time: string;
}

/** The member lines of `zipinfo -T -s`; header, footer and non-Unix attribute lines are skipped (pure). */
export function parseZipinfo(out: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  for (const line of pySplitLines(out)) {
    const pcs = pySplit(line, null, 7);
    if (pcs.length !== 8) continue;
    const [attrs, , , size, , , time, path] = pcs as [string, ...string[]];
    if (attrs.length !== 7 && attrs.length !== 10) continue;
    if (time!.length !== 15) continue;
    if (!'dl-?'.includes(attrs[0]!) || ![...attrs.slice(1)].every((c) => 'rwxstah-'.includes(c))) continue;
    const t = time!;
    entries.push({
      ztype: attrs[0]!,
      permstr: attrs.slice(1),
      size: Number(size),
      path: path!,
      time: `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)} ${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}`,
    });
  }
  return entries;
}

/** The user the module runs as and the owner/group it is asked for, resolved on the host. */
export interface ZipRunner {
  umask: number;
  uid: number;
  gid: number;
  user?: string;
  group?: string;
  groups: number[];
  /** owner:, resolved by name, then by id; the running user when it is neither */
  futOwner?: string;
  futUid: number;
  futGroup?: string;
  futGid: number;
}

/** What the host holds for one member (lstat), with its epoch time and CRC-32. */
export interface ZipOnHost {
  st: RemoteStat;
  /** the member's zip time as an epoch, by the host's clock rules (mktime) */
  timestamp: number;
  /** CRC-32 of the file's bytes, for a regular file */
  crc?: number;
}

export interface ZipCompareInput {
  /** zipinfo's exit status: not 0 already counts as not unarchived (a pattern matched nothing) */
  rc: number;
  entries: ZipEntry[];
  /** CRC-32 of each member in the archive */
  crcs: Map<string, number>;
  onHost: Map<string, ZipOnHost>;
  runner: ZipRunner;
  /** exclude: grows with the members keep_newer leaves alone (they go to unzip's -x) */
  excludes: string[];
  keepNewer: boolean;
  mode?: string | number;
}

/** Unix permission text (rw-r--r--) as bits, s and t counting as x (unzip sets no special bits). */
function permBits(permstr: string, umask: number): number {
  let mode = 0;
  [...permstr].reverse().forEach((c, i) => {
    if ('rwxst'.includes(c)) mode |= 1 << i;
  });
  return mode & ~umask;
}

/** The permission bits a member should have: mode: when given, else the archive's. */
function wantedMode(e: ZipEntry, st: RemoteStat, permstr: string, fileUmask: number, mode?: string | number) {
  if (mode !== undefined) return resolveMode(mode, st.mode ?? 0, st.type === 'directory');
  return permBits(permstr, e.ztype === '?' ? 0 : fileUmask);
}

/** FAT attributes hold no Unix permissions: 777 for a directory or an executable, else 666, less the umask. */
function unixPerms(e: ZipEntry, umask: number): { permstr: string; fileUmask: number } {
  if (e.permstr.length !== 6) return { permstr: e.permstr, fileUmask: 0 };
  const full = e.path.endsWith('/') || e.permstr === 'rwx---';
  return { permstr: full ? 'rwxrwxrwx' : 'rw-rw-rw-', fileUmask: umask };
}

const TYPE_OK: Record<string, (st: RemoteStat) => boolean> = {
  d: (st) => st.type === 'directory',
  f: (st) => st.type === 'file',
  L: (st) => st.type === 'link',
};

/**
 * Ansible's comparison, member by member. Returns whether the tree is unpacked, the itemized
 * diff (`>f++++++.?? name` for a missing file, `.f..t....?? name` for an mtime ...) and the
 * excludes unzip gets. Fails as Ansible does when a non-root user is asked for another owner.
 */
export function compareZip(i: ZipCompareInput): { unarchived: boolean; diff: string; excludes: string[] } {
  const excludes = [...i.excludes];
  const r = i.runner;
  let unarchived = i.rc === 0;
  let diff = '';
  let includes = 0;
  for (const e of i.entries) {
    if (excludes.includes(e.path)) continue;
    const ftype = e.path.endsWith('/') || e.ztype === 'd' ? 'd' : e.ztype === 'l' ? 'L' : 'f';
    const { permstr, fileUmask } = unixPerms(e, r.umask);
    if (permstr.length !== 9 || !/^([r-][w-][SsTtx-]){3}/.test(permstr))
      throw new ModuleFailure(`ZIP info perm format incorrect, ${permstr}`);
    const host = i.onHost.get(e.path);
    if (!host || !host.st.exists) {
      includes++;
      diff += `>${ftype}++++++.?? ${e.path}\n`;
      continue;
    }
    const st = host.st;
    if (!TYPE_OK[ftype]!(st)) {
      includes++;
      if (ftype === 'f') unarchived = false;
      diff += `c${ftype}++++++.?? ${e.path}\n`;
      continue;
    }
    const itemized = [...`.${ftype}.......??`];
    let change = false;
    const regular = st.type === 'file';
    if (regular && i.keepNewer) {
      if (host.timestamp > st.mtime!) {
        change = true;
        itemized[4] = 't';
      } else if (host.timestamp < st.mtime!) {
        // a newer file on the host is left alone: unzip skips it
        excludes.push(e.path);
        continue;
      }
    } else if (regular && host.timestamp !== st.mtime) {
      change = true;
      itemized[4] = 't';
    }
    if (regular && e.size !== st.size) {
      change = true;
      itemized[3] = 's';
    }
    if (regular && host.crc !== i.crcs.get(e.path)) {
      change = true;
      itemized[2] = 'c';
    }
    if (ftype !== 'L' && wantedMode(e, st, permstr, fileUmask, i.mode) !== st.mode) {
      change = true;
      itemized[5] = 'p';
    }
    if (r.uid !== 0 && (r.futOwner !== r.user || r.futUid !== r.uid))
      throw new ModuleFailure(`Cannot change ownership of ${e.path} to ${r.futOwner}, as user ${r.user}`);
    const owner = st.owner === 'UNKNOWN' ? undefined : st.owner;
    if (owner ? owner !== r.futOwner : st.uid !== 0 && st.uid !== r.futUid) {
      change = true;
      itemized[6] = 'o';
    }
    if (r.uid !== 0 && (r.futGroup !== r.group || r.futGid !== r.gid) && !r.groups.includes(r.futGid))
      throw new ModuleFailure(
        `Cannot change group ownership of ${e.path} to ${r.futGroup}, as user ${r.user}`,
      );
    const group = st.group === 'UNKNOWN' ? undefined : st.group;
    if (group ? group !== r.futGroup : st.gid !== 0 && st.gid !== r.futGid) {
      change = true;
      itemized[6] = 'g';
    }
    if (change) {
      includes++;
      diff += `${itemized.join('')} ${e.path}\n`;
    }
  }
  return { unarchived: unarchived && includes === 0, diff, excludes };
}
