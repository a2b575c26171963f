import { closeSync, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { FileAttrs } from '../connection/types.js';

/** The part of ssh2's server-side SFTP session the warm-up's files are read through. */
export interface SftpServerSession {
  on(event: string, handler: (...args: never[]) => void): unknown;
  status(reqid: number, code: number, message?: string): void;
  handle(reqid: number, handle: Buffer): void;
  data(reqid: number, data: Buffer): void;
  attrs(reqid: number, attrs: FileAttrs): void;
}

export interface SftpCodes {
  STATUS_CODE: Record<
    'OK' | 'EOF' | 'NO_SUCH_FILE' | 'PERMISSION_DENIED' | 'FAILURE' | 'OP_UNSUPPORTED',
    number
  >;
  OPEN_MODE: Record<'READ', number>;
}

/**
 * Serves an SFTP session from this machine's files, as OpenSSH's internal-sftp answers the
 * requests of a re-run's checks: lstat, stat, and reading files. The warm-up's runs over SSH are
 * re-runs of files its local runs made, so nothing is written over it: an open for writing is
 * refused as unsupported, as ssh2 answers every request this does not handle.
 */
export function serveSftp(sftp: SftpServerSession, codes: SftpCodes): void {
  const { STATUS_CODE } = codes;
  const fds = new Map<number, number>();
  let next = 0;
  const attrsOf = (s: Stats): FileAttrs => ({
    mode: s.mode,
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    atime: Math.floor(s.atimeMs / 1000),
    mtime: Math.floor(s.mtimeMs / 1000),
  });
  // a request answers what `fn` sends, or the status its error maps to
  const on = <A extends unknown[]>(event: string, fn: (reqid: number, ...args: A) => void): void => {
    const handler = (reqid: number, ...args: A): void => {
      try {
        fn(reqid, ...args);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const status =
          code === 'ENOENT' || code === 'ENOTDIR'
            ? STATUS_CODE.NO_SUCH_FILE
            : code === 'EACCES' || code === 'EPERM'
              ? STATUS_CODE.PERMISSION_DENIED
              : STATUS_CODE.FAILURE;
        sftp.status(reqid, status, (e as Error).message);
      }
    };
    sftp.on(event, handler as unknown as (...args: never[]) => void);
  };
  // a request on an open file: the handle's descriptor, or the failure of one this did not give
  const onHandle = <A extends unknown[]>(
    event: string,
    fn: (reqid: number, fd: number, ...args: A) => void,
  ): void =>
    on(event, (reqid, h: Buffer, ...args: A) => {
      const fd = h.length === 4 ? fds.get(h.readUInt32BE()) : undefined;
      if (fd === undefined) sftp.status(reqid, STATUS_CODE.FAILURE, 'invalid handle');
      else fn(reqid, fd, ...args);
    });

  on('OPEN', (reqid, path: string, flags: number) => {
    if (flags !== codes.OPEN_MODE.READ) return sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, 'read-only');
    const fd = openSync(path, 'r');
    const h = Buffer.alloc(4);
    h.writeUInt32BE(++next);
    fds.set(next, fd);
    sftp.handle(reqid, h);
  });
  onHandle('READ', (reqid, fd, offset: number, length: number) => {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, offset);
    if (n === 0) sftp.status(reqid, STATUS_CODE.EOF);
    else sftp.data(reqid, buf.subarray(0, n));
  });
  onHandle('FSTAT', (reqid, fd) => sftp.attrs(reqid, attrsOf(fstatSync(fd))));
  onHandle('CLOSE', (reqid, fd) => {
    for (const [n, open] of fds) if (open === fd) fds.delete(n);
    closeSync(fd);
    sftp.status(reqid, STATUS_CODE.OK);
  });
  on('LSTAT', (reqid, path: string) => sftp.attrs(reqid, attrsOf(lstatSync(path))));
  on('STAT', (reqid, path: string) => sftp.attrs(reqid, attrsOf(statSync(path))));
  // a session cut while files were open: they close with it
  sftp.on('close', () => fds.forEach((fd) => closeSync(fd)));
}
