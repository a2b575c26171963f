import type { Ssh2Sftp } from './ssh2-lib.js';
import type { FileWriter, WriteAttrs } from './types.js';

type Done = (err?: Error | null) => void;

/**
 * Writes remote files over the connection's SFTP session: sshd serves it in-process
 * (internal-sftp), so a new file costs a few packets where `mv` costs a process. The bytes go to a
 * file created exclusively under its temporary name, get their owner and mode there, and the
 * caller renames it into place: a reader never sees a half-written destination.
 */
export class SftpWriter implements FileWriter {
  constructor(
    private readonly sftp: Ssh2Sftp,
    private readonly guard: <T>(p: Promise<T>) => Promise<T>,
  ) {}

  get atomicReplace(): boolean {
    return this.sftp._extensions['posix-rename@openssh.com'] === '1';
  }

  private call(fn: (done: Done) => void): Promise<void> {
    return this.guard(new Promise<void>((resolve, reject) => fn((e) => (e ? reject(e) : resolve()))));
  }

  async create(path: string, data: Buffer, attrs: WriteAttrs): Promise<void> {
    // 'wx': O_CREAT|O_EXCL, so an existing path (a planted symlink too) is never written through
    const handle = await this.guard(
      new Promise<Buffer>((resolve, reject) =>
        this.sftp.open(path, 'wx', { mode: attrs.mode }, (e, h) => (e ? reject(e) : resolve(h))),
      ),
    );
    let closed = false;
    try {
      for (let off = 0; off < data.length; off += 32768) {
        const len = Math.min(32768, data.length - off);
        await this.call((d) => this.sftp.write(handle, data, off, len, off, d));
      }
      // the mode again: open's mode went through the server's umask
      await this.call((d) => this.sftp.fsetstat(handle, attrs, d));
      closed = true;
      await this.call((d) => this.sftp.close(handle, d));
    } catch (e) {
      if (!closed) await this.call((d) => this.sftp.close(handle, d)).catch(() => undefined);
      await this.unlink(path).catch(() => undefined);
      throw e;
    }
  }

  rename(from: string, to: string): Promise<void> {
    return this.call((d) => this.sftp.ext_openssh_rename(from, to, d));
  }

  async mkdir(path: string, attrs: WriteAttrs): Promise<void> {
    await this.call((d) => this.sftp.mkdir(path, { mode: attrs.mode }, d));
    await this.call((d) => this.sftp.setstat(path, attrs, d));
  }

  unlink(path: string): Promise<void> {
    return this.call((d) => this.sftp.unlink(path, d));
  }
}
