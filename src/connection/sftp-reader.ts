import type { Ssh2Sftp } from './ssh2-lib.js';
import type { FileAttrs, FileReader } from './types.js';

/** SFTP status code for a path that does not exist. */
const NO_SUCH_FILE = 2;

/**
 * Reads metadata and bytes of remote files over the connection's SFTP session: sshd answers
 * in-process (internal-sftp), so a check costs no process on the host, where a `stat` command
 * costs several. Runs with the login user's rights only.
 */
export class SftpReader implements FileReader {
  constructor(
    readonly user: string,
    private readonly session: () => Promise<Ssh2Sftp>,
    private readonly guard: <T>(p: Promise<T>) => Promise<T>,
    /** the connection's own SFTP read (Connection.get) */
    readonly read: (path: string) => Promise<Buffer>,
  ) {}

  async lstat(path: string): Promise<FileAttrs | undefined> {
    const sftp = await this.session();
    return this.guard(
      new Promise<FileAttrs | undefined>((resolve, reject) =>
        sftp.lstat(path, (err, st) => {
          if (err) return (err as { code?: number }).code === NO_SUCH_FILE ? resolve(undefined) : reject(err);
          const s = st as FileAttrs; // ssh2's Stats has these fields and more
          resolve({ mode: s.mode, uid: s.uid, gid: s.gid, size: s.size, atime: s.atime, mtime: s.mtime });
        }),
      ),
    );
  }
}
