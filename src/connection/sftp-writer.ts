import { randomHex } from '../util/random-pool.js';
import { posix } from 'node:path';
import type { Ssh2Sftp } from './ssh2-lib.js';
import type { FileWriter, WriteAttrs } from './types.js';
import type { Request } from './end-race.js';

type Done = (err?: Error | null) => void;

/** A temporary file of an SFTP write: its name carries the pid of the SFTP server that made it. */
const TEMP_NAME = /^\..*\.fabplay-sftp([1-9]\d*)-[0-9a-f]+\.tmp$/;

/** SFTP status code of a failure the protocol (v3) gives no reason for: ENOSPC among others. */
const FAILURE = 4;

/**
 * The error to report for `e` from writing `need` bytes under `path`: SFTP v3 reports a full
 * filesystem as a bare "Failure", so a failure on a filesystem without room (statvfs@openssh.com)
 * is named for what it is, as a command's "No space left on device" would be.
 */
export async function explainWriteFailure(
  sftp: Ssh2Sftp,
  path: string,
  e: Error,
  need: number,
): Promise<Error> {
  if ((e as { code?: number }).code !== FAILURE || sftp._extensions['statvfs@openssh.com'] !== '2') return e;
  const st = await new Promise<{ f_frsize: number; f_bavail: number; f_favail: number } | undefined>((r) => {
    try {
      sftp.ext_openssh_statvfs(path, (err, s) => r(err ? undefined : s));
    } catch {
      r(undefined); // the session closed meanwhile
    }
  });
  if (!st) return e;
  const free = Number(st.f_bavail) * Number(st.f_frsize);
  if (free >= Math.max(need, 1) && Number(st.f_favail) > 0) return e;
  return new Error(`No space left on device (${free} bytes free, ${need} to write)`);
}

/**
 * Writes remote files over the connection's SFTP session: sshd serves it in-process
 * (internal-sftp), so a new file costs a few packets where `mv` costs a process. The bytes go to a
 * file created exclusively under its temporary name, get their owner and mode there, and the
 * caller renames it into place: a reader never sees a half-written destination.
 */
export class SftpWriter implements FileWriter {
  /** directories already rid of abandoned temporary files */
  private cleaned = new Set<string>();
  /** the pid of this session's SFTP server process, when /proc shows it */
  private serverPid?: Promise<string | undefined>;

  constructor(
    readonly sftp: Ssh2Sftp,
    /** sends one request as a write (raced against the connection's end: EndRace.request) */
    private readonly request: Request,
    /**
     * called right after a write's last request went out: may ask more in the same packet
     * (SftpReader.behindWrite), and gives what to call once that request succeeded
     */
    private readonly behindWrite: (sftp: Ssh2Sftp) => (() => void) | undefined = () => undefined,
  ) {}

  /**
   * A temporary name beside `dest`, named after this session's SFTP server process. That process
   * lives as long as the connection: a write cut with the connection leaves a temporary file no
   * one can remove then, so the first write into a directory removes those whose server process
   * is gone (`/proc/PID`), never one of a session still alive (another run writing there now).
   */
  async tempFor(dest: string): Promise<string> {
    const pid = await (this.serverPid ??= this.ownPid());
    const dir = posix.dirname(dest);
    if (pid && !this.cleaned.has(dir)) {
      this.cleaned.add(dir);
      await this.removeAbandoned(dir);
    }
    return posix.join(dir, `.${posix.basename(dest)}.fabplay-${pid ? `sftp${pid}-` : ''}${randomHex(6)}.tmp`);
  }

  private async ownPid(): Promise<string | undefined> {
    const self = await this.request<string | undefined>((done) =>
      this.sftp.realpath('/proc/self', (e, p) => done(null, e ? undefined : p)),
    );
    return /^\/proc\/(\d+)$/.exec(self ?? '')?.[1];
  }

  private async removeAbandoned(dir: string): Promise<void> {
    const names = await this.request<string[]>((done) =>
      this.sftp.readdir(dir, (e, list) => done(null, e ? [] : list.map((x) => x.filename))),
    );
    for (const name of names) {
      const pid = TEMP_NAME.exec(name)?.[1];
      if (!pid || (await this.exists(`/proc/${pid}`))) continue;
      await this.unlink(posix.join(dir, name)).catch(() => undefined);
    }
  }

  private exists(path: string): Promise<boolean> {
    return this.request<boolean>((done) => this.sftp.lstat(path, (e) => done(null, !e)));
  }

  get atomicReplace(): boolean {
    return this.sftp._extensions['posix-rename@openssh.com'] === '1';
  }

  private call(fn: (done: Done) => void): Promise<void> {
    return this.request<void>((done) => fn((e) => done(e)));
  }

  async create(path: string, data: Buffer, attrs: WriteAttrs): Promise<void> {
    // 'wx': O_CREAT|O_EXCL, so an existing path (a planted symlink too) is never written through
    const handle = await this.request<Buffer>((done) =>
      this.sftp.open(path, 'wx', { mode: attrs.mode }, done),
    );
    // the writes, the mode again (open's mode went through the server's umask) and the close are
    // asked at once: the server does them in order, and they go out together (coalesceSftpWrites)
    // instead of a round trip each. Whatever fails, the close is asked; the first failure counts.
    const steps: Promise<void>[] = [];
    for (let off = 0; off < data.length; off += 32768) {
      const len = Math.min(32768, data.length - off);
      steps.push(this.call((d) => this.sftp.write(handle, data, off, len, off, d)));
    }
    steps.push(this.call((d) => this.sftp.fsetstat(handle, attrs, d)));
    steps.push(this.call((d) => this.sftp.close(handle, d)));
    const failed = (await Promise.allSettled(steps)).find((r) => r.status === 'rejected');
    if (!failed) return;
    const why = await explainWriteFailure(this.sftp, path, failed.reason as Error, data.length);
    await this.unlink(path).catch(() => undefined);
    throw why;
  }

  async rename(from: string, to: string): Promise<void> {
    await this.last(this.call((d) => this.sftp.ext_openssh_rename(from, to, d)));
  }

  /** A write's last request, `sent`: what behindWrite asks goes out behind it. */
  private async last(sent: Promise<void>): Promise<void> {
    const done = this.behindWrite(this.sftp);
    await sent;
    done?.();
  }

  async mkdir(path: string, attrs: WriteAttrs): Promise<void> {
    await this.call((d) => this.sftp.mkdir(path, { mode: attrs.mode }, d)).catch(async (e: Error) => {
      // another creator made it meanwhile (a bare "Failure" for EEXIST): a directory is what we want
      if (!(await this.isDirectory(path))) throw e;
    });
    await this.last(this.call((d) => this.sftp.setstat(path, attrs, d)));
  }

  private isDirectory(path: string): Promise<boolean> {
    return this.request<boolean>((done) =>
      this.sftp.lstat(path, (e, st) =>
        done(null, !e && ((st as { mode: number }).mode & 0o170000) === 0o040000),
      ),
    );
  }

  unlink(path: string): Promise<void> {
    return this.call((d) => this.sftp.unlink(path, d));
  }
}
