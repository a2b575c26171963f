import { defineModule, type ArgTable } from '../lib/args.js';
import { modeString, statPath, type ChecksumAlgo, type RemoteStat } from '../lib/remote-stat.js';
import { pyFloat } from '../../util/py-float.js';

const args = {
  path: { type: 'string', remotePath: true, aliases: ['dest', 'name'] },
  follow: { type: 'boolean', default: false },
  get_checksum: { type: 'boolean', default: true },
  checksum_algorithm: {
    type: 'string',
    enum: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
    default: 'sha1',
    aliases: ['checksum', 'checksum_algo'],
  },
  get_md5: { type: 'boolean', default: false },
  // `file --mime-type --mime-encoding` runs in the same remote command as the stat
  get_mime: { type: 'boolean', default: true, aliases: ['mime', 'mime_type', 'mime-type'] },
  // `lsattr -vd` runs in the same remote command as the stat
  get_attributes: { type: 'boolean', default: true, aliases: ['attr', 'attributes'] },
} as const satisfies ArgTable;

/** The file type flags of Ansible's stat and find results. */
function typeFlags(st: RemoteStat): Record<string, boolean> {
  return {
    isdir: st.type === 'directory',
    ischr: st.type === 'char',
    isblk: st.type === 'block',
    isreg: st.type === 'file',
    isfifo: st.type === 'fifo',
    islnk: st.type === 'link',
    issock: st.type === 'socket',
  };
}

/** Ids, size, inode, device, links and times, as both results give them. */
function statNumbers(st: RemoteStat): Record<string, unknown> {
  return {
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    inode: st.inode,
    dev: st.dev,
    nlink: st.nlink,
    // Python's st_mtime is a float, whole or not (1577836800.0)
    atime: st.atime === undefined ? undefined : pyFloat(st.atime),
    mtime: st.mtime === undefined ? undefined : pyFloat(st.mtime),
    ctime: st.ctime === undefined ? undefined : pyFloat(st.ctime),
  };
}

/** The permission bits as both results spell them. */
function permissionFlags(m: number): Record<string, boolean> {
  return {
    wusr: !!(m & 0o200),
    rusr: !!(m & 0o400),
    xusr: !!(m & 0o100),
    wgrp: !!(m & 0o020),
    rgrp: !!(m & 0o040),
    xgrp: !!(m & 0o010),
    woth: !!(m & 0o002),
    roth: !!(m & 0o004),
    xoth: !!(m & 0o001),
    isuid: !!(m & 0o4000),
    isgid: !!(m & 0o2000),
  };
}

/**
 * Ansible's stat dictionary for a path, its keys in the stat module's order; `platform`: with
 * blocks, block_size and device_type (Linux's st_blocks, st_blksize, st_rdev).
 */
export function ansibleStat(path: string, st: RemoteStat, platform = false): Record<string, unknown> {
  const m = st.mode ?? 0;
  const out: Record<string, unknown> = {
    exists: true,
    path,
    mode: modeString(m),
    ...typeFlags(st),
    ...statNumbers(st),
    ...permissionFlags(m),
    ...(platform ? { blocks: st.blocks, block_size: st.blockSize, device_type: st.rdev } : {}),
    readable: st.readable,
    writeable: st.writeable,
    executable: st.executable,
  };
  if (st.type === 'link') {
    out.lnk_source = st.realPath;
    out.lnk_target = st.linkTarget;
  }
  out.pw_name = st.owner;
  out.gr_name = st.group;
  if (st.checksum !== undefined) out.checksum = st.checksum;
  return out;
}

/**
 * A file of find's `files` as ansible-core 2.14's find gives it: its path, then statinfo()'s keys
 * (no access flags, no link target), then the checksum of a regular file when asked.
 */
export function findStatInfo(st: RemoteStat): Record<string, unknown> {
  const m = st.mode ?? 0;
  return {
    path: st.path,
    mode: modeString(m),
    ...typeFlags(st),
    ...statNumbers(st),
    gr_name: st.group,
    pw_name: st.owner,
    ...permissionFlags(m),
    ...(st.checksum !== undefined ? { checksum: st.checksum } : {}),
  };
}

/** stat: facts about a remote path, in Ansible's `stat` result shape. One round trip. */
export const stat = defineModule({
  name: 'stat',
  args,
  required: ['path'],
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const algo = a.get_checksum ? (a.checksum_algorithm as ChecksumAlgo) : false;
    const st = await statPath(ctx, a.path, {
      follow: a.follow,
      checksum: algo,
      full: true,
      mime: a.get_mime,
      lsattr: a.get_attributes,
    });
    if (!st.exists) return { changed: false, stat: { exists: false } };
    const { checksum, ...out } = ansibleStat(a.path, st, true);
    if (a.get_md5 && st.type === 'file') {
      const r = await ctx.probe(['md5sum', '--', a.path], { allowFail: true });
      out.md5 = r.rc === 0 ? r.stdout.split(' ')[0] : null;
    }
    // after md5, as Ansible's stat adds them
    if (checksum !== undefined) out.checksum = checksum;
    if (a.get_mime) Object.assign(out, mimeOf(st.mime));
    // Ansible's defaults when lsattr is missing or fails (a symlink, a device node, tmpfs)
    if (a.get_attributes)
      Object.assign(out, {
        version: st.lsattr?.version ?? null,
        attributes: attributeNames(st.lsattr?.flags ?? ''),
        attr_flags: st.lsattr?.flags ?? '',
      });
    return { changed: false, stat: out };
  },
});

/**
 * `file`'s answer as Ansible's stat reads it: 'unknown' for both when `file` is missing or fails,
 * or when its answer has no `; charset=` (a dangling symlink: `inode/symlink`).
 */
function mimeOf(mime: string | undefined): { mimetype: string; charset: string } {
  const parts = (mime ?? '').split(';');
  if (parts.length !== 2) return { mimetype: 'unknown', charset: 'unknown' };
  return { mimetype: parts[0]!.trim(), charset: parts[1]!.split('=')[1]?.trim() ?? 'unknown' };
}

/** lsattr's letters by name, as Ansible's format_attributes (module_utils/common/file.py) */
const ATTRIBUTE_NAMES: Record<string, string> = {
  A: 'noatime',
  a: 'append',
  c: 'compressed',
  C: 'nocow',
  d: 'nodump',
  D: 'dirsync',
  e: 'extents',
  E: 'encrypted',
  h: 'blocksize',
  i: 'immutable',
  I: 'indexed',
  j: 'journalled',
  N: 'inline',
  s: 'zero',
  S: 'synchronous',
  t: 'notail',
  T: 'blockroot',
  u: 'undelete',
  X: 'compressedraw',
  Z: 'compresseddirty',
};

function attributeNames(flags: string): string[] {
  return [...flags].flatMap((f) => (Object.hasOwn(ATTRIBUTE_NAMES, f) ? [ATTRIBUTE_NAMES[f]!] : []));
}
