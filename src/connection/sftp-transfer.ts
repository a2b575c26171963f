import type { Ssh2Sftp } from './ssh2-lib.js';

/** Whole-file writes over an SFTP session, for SshConnection's put and putFile. */

function cb(fn: (done: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
}

/** `data` as the file at `remotePath`, created with `mode` (without one 0666: the umask decides). */
export function sftpWriteFile(sftp: Ssh2Sftp, remotePath: string, data: Buffer, mode = 0o666): Promise<void> {
  return cb((done) => sftp.writeFile(remotePath, data, { mode }, done));
}

/** A local file copied to `remotePath` in parallel chunks, the file created with `mode` first. */
export async function sftpPutFile(
  sftp: Ssh2Sftp,
  localPath: string,
  remotePath: string,
  mode = 0o666,
  guard: <T>(p: Promise<T>) => Promise<T>,
): Promise<void> {
  // fastPut opens without a mode (0666 & ~umask) and chmods later: created here with it first
  const h = await guard(
    new Promise<Buffer>((resolve, reject) =>
      sftp.open(remotePath, 'w', { mode }, (e, handle) => (e ? reject(e) : resolve(handle))),
    ),
  );
  await guard(cb((done) => sftp.close(h, done)));
  await guard(cb((done) => sftp.fastPut(localPath, remotePath, { concurrency: 16, chunkSize: 32768 }, done)));
}

export function sftpChmod(sftp: Ssh2Sftp, remotePath: string, mode: number): Promise<void> {
  return cb((done) => sftp.chmod(remotePath, mode, done));
}
