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
  get_attributes: {
    type: 'boolean',
    default: true,
    aliases: ['attr', 'attributes'],
    unsupported: { allow: [false], why: 'lsattr attributes are not gathered' },
  },
} as const satisfies ArgTable;

/** Ansible's stat dictionary for a path (stat module, find results). */
export function ansibleStat(path: string, st: RemoteStat): Record<string, unknown> {
  const m = st.mode ?? 0;
  const out: Record<string, unknown> = {
    exists: true,
    path,
    mode: modeString(m),
    isdir: st.type === 'directory',
    ischr: st.type === 'char',
    isblk: st.type === 'block',
    isreg: st.type === 'file',
    isfifo: st.type === 'fifo',
    islnk: st.type === 'link',
    issock: st.type === 'socket',
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
    readable: st.readable,
    writeable: st.writeable,
    executable: st.executable,
    pw_name: st.owner,
    gr_name: st.group,
  };
  if (st.type === 'link') {
    out.lnk_source = st.realPath;
    out.lnk_target = st.linkTarget;
  }
  if (st.checksum !== undefined) out.checksum = st.checksum;
  return out;
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
    });
    if (!st.exists) return { changed: false, stat: { exists: false } };
    const out = ansibleStat(a.path, st);
    if (a.get_md5 && st.type === 'file') {
      const r = await ctx.probe(['md5sum', '--', a.path], { allowFail: true });
      out.md5 = r.rc === 0 ? r.stdout.split(' ')[0] : null;
    }
    if (a.get_mime) {
      // Ansible: 'unknown' for both when `file` is missing or fails
      const [type, charset] = (st.mime ?? '').split(';');
      out.mimetype = type?.trim() || 'unknown';
      out.charset = charset?.split('=')[1]?.trim() || 'unknown';
    }
    return { changed: false, stat: out };
  },
});
