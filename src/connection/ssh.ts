import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { UnreachableError } from '../errors.js';
import { BECOME_PROMPT, becomesNobodyNew, hasCommandLineText } from './become.js';
import { commandText, newMarker, shellScript, stripBecomePrompt } from './command-text.js';
import { execSuOverPty, needsPty } from './pty-become.js';
import { ShellBrokenError } from './shell-session.js';
import { ShellPool } from './shell-pool.js';
import { boundedSpec, openClient } from './open-client.js';
import { park } from './keeper/parked.js';
import { stopKept } from './keeper/keeper-client.js';
import type { Persistence } from './keeper/persist.js';
import { runOnExecChannel } from './exec-channel.js';
import { EndRace, type RequestHooks } from './end-race.js';
import { restartKeepalive, type Ssh2Client } from './ssh2-lib.js';
import { SftpSession } from './sftp-session.js';
import { SftpReader } from './sftp-reader.js';
import { SftpWriter, explainWriteFailure } from './sftp-writer.js';
import { sftpChmod, sftpPutFile, sftpWriteFile } from './sftp-transfer.js';
import type {
  Connection,
  ConnectionSpec,
  ExecOptions,
  ExecResult,
  FileReader,
  FileWriter,
  PutOptions,
  ReconnectOptions,
} from './types.js';
import { quote } from '../util/shell.js';

/**
 * One SSH connection per host for the whole run. Commands go through long-lived shells on it
 * (shell-session.ts), falling back to an exec channel per command when shells keep breaking;
 * files move over one SFTP session. A connection that drops makes every later call throw
 * UnreachableError.
 */
export class SshConnection implements Connection {
  readonly kind = 'ssh';
  readonly host: string;
  private client?: Ssh2Client;
  private via: Ssh2Client[] = [];
  private readonly shells = new ShellPool(() => this.gone);
  private readonly sftpSession: SftpSession;
  private reader?: SftpReader;
  /** the writer of the current SFTP session: it knows its server's pid and the directories it cleaned */
  private writer?: SftpWriter;
  private lost?: string;
  private loginUser = '';
  /** the connection's end: races every request the server may never answer */
  private gone = new EndRace();

  constructor(readonly spec: ConnectionSpec) {
    this.host = spec.host;
    this.sftpSession = new SftpSession({
      host: this.host,
      live: () => this.live(),
      gone: () => this.gone,
      lost: () => this.lost,
    });
  }

  async connect(opts?: ReconnectOptions): Promise<void> {
    if (this.client) return;
    const { client, via, user, parkAt, kept, keptAt } = await openClient(
      boundedSpec(this.spec, opts),
      this.direct,
    );
    this.client = client;
    this.via = via;
    this.loginUser = user;
    this.parkAt = parkAt;
    this.keptAt = keptAt;
    const gone = (this.gone = new EndRace());
    this.onClientClose = () => {
      if (this.client !== client) return; // an earlier connection, replaced by reconnect()
      this.lost ??= this.linkMessage('lost');
      this.shells.closeAll();
      gone.end(new UnreachableError(this.host, this.lost));
    };
    client.on('close', this.onClientClose);
    if (kept?.sftp) this.sftpSession.adopt(kept.sftp);
    if (kept) this.shells.adopt(kept.shells);
  }

  /** Where this connection is parked at the run's end (keeper/parked.ts), and what it listens to. */
  private parkAt?: Persistence;
  /** The keeper's socket this connection logs in on (keeper/), when it is a kept one. */
  private keptAt?: Persistence;
  private onClientClose?: () => void;

  /** `connection to ADDRESS:PORT <what>`: why every later call on a link that ended fails */
  private linkMessage(what: string): string {
    return `connection to ${this.spec.address}:${this.spec.port} ${what}`;
  }

  /** After a reconnect the host is reached directly: a kept connection may be the one that dropped. */
  private direct = false;

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    // any command may change files: what was read ahead no longer holds, during or after it
    this.reader?.changed();
    try {
      return await this.execNow(command, opts);
    } finally {
      this.reader?.changed();
    }
  }

  private async execNow(command: string, opts: ExecOptions): Promise<ExecResult> {
    const client = await this.live();
    if (opts.become && becomesNobodyNew(this.loginUser, opts.become, this.spec.user))
      opts = { ...opts, become: undefined };
    if (
      opts.become?.password !== undefined &&
      opts.become.method === 'sudo' &&
      !(await this.sudoAsksPassword())
    ) {
      // sudo would not read the password line: the command itself would get it on its stdin
      opts = { ...opts, become: { ...opts.become, password: undefined } };
    }
    const { text, stdin } = commandText(command, opts);
    const timeoutMs = opts.timeoutMs ?? this.spec.commandTimeoutMs;
    const started = Date.now();
    let r: { rc: number; stdout: Buffer; stderr: Buffer };
    if (needsPty(opts.become)) {
      // su with a password: a terminal of its own (pty-become.ts)
      const promptMs = Math.max(this.spec.connectTimeoutMs, 20000);
      r = await this.guard(execSuOverPty(client, this.host, command, opts, timeoutMs, promptMs));
    } else if (this.shells.usable) {
      const shell = await this.shells.acquire(client).catch(() => undefined);
      if (shell) {
        const marker = newMarker();
        try {
          r = await shell.run(
            shellScript(text, stdin, marker, timeoutMs, opts.inline && !hasCommandLineText(opts.become)),
            marker,
            timeoutMs ? timeoutMs + 15000 : undefined,
          );
          this.heard();
        } catch (e) {
          if (!(e instanceof ShellBrokenError)) throw e;
          this.shells.broke();
          await this.probe();
          r = {
            rc: 255,
            stdout: Buffer.alloc(0),
            stderr: Buffer.from(`fabplay: ${e.message} while the command ran\n`),
          };
        } finally {
          this.shells.release();
        }
      } else {
        r = await this.execChannel(client, text, stdin, timeoutMs);
      }
    } else {
      r = await this.execChannel(client, text, stdin, timeoutMs);
    }
    const timedOut =
      timeoutMs !== undefined && (r.rc === 124 || r.rc === 137) && Date.now() - started >= timeoutMs * 0.9;
    const stderr =
      opts.become?.password !== undefined ? stripBecomePrompt(r.stderr, BECOME_PROMPT) : r.stderr;
    return { rc: r.rc, stdout: r.stdout, stderr, timedOut: timedOut || undefined };
  }

  /** File writes over SFTP with no process on the host (sftp-writer.ts). */
  async fileWriter(): Promise<FileWriter> {
    // asked only to write: what was read ahead no longer holds from here
    this.reader?.changed();
    const sftp = await this.sftpSession.get();
    // one per session, not per write: each new one asked the server's pid and listed the
    // directory again (six requests, one after the other, before every new file)
    if (this.writer?.sftp !== sftp)
      this.writer = new SftpWriter(
        sftp,
        (start) => {
          // what was read ahead no longer holds, from the write's start to after its end
          this.reader?.changed();
          return this.gone.request(start, this.writeHooks);
        },
        (s) => this.reader?.behindWrite(s),
      );
    return this.writer;
  }

  /** File reads over SFTP with no process on the host (sftp-reader.ts). */
  async fileReader(): Promise<FileReader> {
    await this.live();
    return (this.reader ??= new SftpReader(
      this.loginUser,
      () => this.sftpSession.get(),
      (start) => this.gone.request(start, this.readHooks),
      (path) => this.get(path),
    ));
  }

  /** A shell opened ahead of the first command (its channel, exec and `true` overlap other work). */
  prepareCommands(): void {
    if (this.client && !this.lost) this.shells.warm(this.client);
  }

  /** Runs every later command on an exec channel of its own (the slow path; for comparisons). */
  useExecChannels(): void {
    this.shells.useExecChannels();
  }

  // a file is created with its mode (private ones are never readable by others, not even while
  // they travel); the chmod after it undoes the server's umask
  async put(data: Buffer, remotePath: string, opts: PutOptions = {}): Promise<void> {
    const sftp = await this.sftpSession.get();
    const write = () => this.guard(sftpWriteFile(sftp, remotePath, data, opts.mode));
    await this.writing(this.withParent(remotePath, data.length, write));
    if (opts.mode !== undefined) await this.writing(sftpChmod(sftp, remotePath, opts.mode));
  }

  async putFile(localPath: string, remotePath: string, opts: PutOptions = {}): Promise<void> {
    const sftp = await this.sftpSession.get();
    const size = (await stat(localPath)).size;
    const write = () => sftpPutFile(sftp, localPath, remotePath, opts.mode, this.guard.bind(this));
    await this.writing(this.withParent(remotePath, size, write));
    if (opts.mode !== undefined) await this.writing(sftpChmod(sftp, remotePath, opts.mode));
  }

  async get(remotePath: string): Promise<Buffer> {
    const sftp = await this.sftpSession.get();
    return this.guard(
      new Promise((resolve, reject) =>
        sftp.readFile(remotePath, (err, data) =>
          err ? reject(this.sftpError(err, remotePath)) : resolve(data),
        ),
      ),
    );
  }

  async close(): Promise<void> {
    this.reader?.changed();
    if (this.parkAt && this.client && !this.lost) return this.park(this.parkAt, this.client);
    this.shells.endAll();
    this.client?.end();
    for (const c of this.via) c.end();
    this.lost ??= 'connection closed';
  }

  /** The connection kept for the next run of this process, with its SFTP session and idle shells. */
  private park(at: Persistence, client: Ssh2Client): void {
    const shells = this.shells.takeIdle();
    client.removeListener('close', this.onClientClose!);
    park(at, { client, sftp: this.sftpSession.detach(), shells });
    this.client = undefined;
    this.lost ??= 'connection closed';
  }

  /** Drops the connection and opens a new one (reboot and wait_for_connection wait for a host this way). */
  async reconnect(opts?: ReconnectOptions): Promise<void> {
    await this.drop();
    this.direct = true;
    await this.connect(opts);
  }

  /**
   * meta: reset_connection. The link ends for good: a kept connection is stopped in its keeper
   * (as `ssh -O stop`), one a warm process would park is not parked; the next use logs in anew.
   */
  async reset(): Promise<void> {
    const client = this.client;
    if (client && this.keptAt && !this.lost) await stopKept(client, this.keptAt);
    this.parkAt = undefined;
    await this.drop();
  }

  /** Closes the connection and forgets what it had open; live() opens a new one. */
  private async drop(): Promise<void> {
    await this.close();
    this.client = undefined;
    this.via = [];
    this.shells.forget();
    this.sftpSession.forget();
    this.lost = undefined;
    this.sudoCheck = undefined;
    this.keptAt = undefined;
  }

  private sudoCheck?: Promise<boolean>;

  /** Whether sudo wants a password here (not for root, not with NOPASSWD); asked once. */
  private sudoAsksPassword(): Promise<boolean> {
    this.sudoCheck ??= this.exec('sudo -k -n true').then((r) => r.rc !== 0);
    return this.sudoCheck;
  }

  /** guard() for a write: what was read ahead no longer holds, from its start to after its end. */
  private writing<T>(p: Promise<T>): Promise<T> {
    this.reader?.changed();
    return this.guard(p).finally(() => this.reader?.changed());
  }

  /** Races `p` against the connection's end; any error once the connection is lost is UnreachableError. */
  private guard<T>(p: Promise<T>): Promise<T> {
    return this.gone.race(p).then(
      (v) => {
        this.heard();
        return v;
      },
      (e: unknown) => {
        throw this.failure(e);
      },
    );
  }

  /** What a request's caller sees of `e`: once the connection is lost, UnreachableError. */
  private failure(e: unknown): unknown {
    return this.lost && !(e instanceof UnreachableError) ? new UnreachableError(this.host, this.lost) : e;
  }

  /** guard()'s work for an SFTP request sent with EndRace.request */
  private readonly readHooks: RequestHooks = {
    fail: (e) => this.failure(e),
    settled: (answered) => {
      if (answered) this.heard();
    },
  };

  /** writing()'s work for an SFTP request sent with EndRace.request */
  private readonly writeHooks: RequestHooks = {
    fail: (e) => this.failure(e),
    settled: (answered) => {
      this.reader?.changed();
      if (answered) this.heard();
    },
  };

  private keepaliveRestarted = 0;

  /** The server answered: no keepalive ping is due for a whole interval (restarted at most 4 times a second). */
  private heard(): void {
    const now = Date.now();
    if (!this.client || now - this.keepaliveRestarted < 250) return;
    this.keepaliveRestarted = now;
    restartKeepalive(this.client);
  }

  private async live(): Promise<Ssh2Client> {
    if (!this.client) await this.connect();
    if (this.lost) throw new UnreachableError(this.host, this.lost);
    return this.client!;
  }

  /** One exec channel per command: slower, used when the shell sessions keep breaking. */
  private execChannel(client: Ssh2Client, text: string, stdin: Buffer | undefined, timeoutMs?: number) {
    const lost = () => (this.lost ? new UnreachableError(this.host, this.lost) : undefined);
    return this.gone.race(runOnExecChannel(client, text, stdin, timeoutMs, lost)).catch((e: Error) => {
      // ssh2 refuses a channel at once once its socket has ended, before it reports the close
      if (e.message !== 'Not connected') throw e;
      this.lost ??= this.linkMessage('lost');
      throw new UnreachableError(this.host, this.lost);
    });
  }

  /** After a shell broke: is the connection itself still there? Throws UnreachableError if not. */
  private async probe(): Promise<void> {
    await new Promise((r) => setTimeout(r, 50));
    if (!this.lost && this.client) {
      const ok = await Promise.race([
        this.execChannel(this.client, 'true', undefined).then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((r) => setTimeout(() => r(false), Math.max(10000, this.spec.connectTimeoutMs))),
      ]);
      if (!ok) this.lost ??= this.linkMessage('stopped answering');
    }
    if (this.lost) {
      this.client?.destroy();
      throw new UnreachableError(this.host, this.lost);
    }
  }

  /** Writes, creating the parent directory once if it is missing (as the local connection does). */
  private async withParent(remotePath: string, size: number, write: () => Promise<void>): Promise<void> {
    const failed = async (e: Error) => {
      const sftp = await this.sftpSession.get().catch(() => undefined);
      return this.sftpError(sftp ? await explainWriteFailure(sftp, remotePath, e, size) : e, remotePath);
    };
    try {
      await write();
    } catch (e) {
      if ((e as { code?: number }).code !== 2) throw await failed(e as Error);
      await this.exec(`mkdir -p ${quote(posix.dirname(remotePath))}`);
      await write().catch(async (e2: Error) => {
        throw await failed(e2);
      });
    }
  }

  private sftpError(e: Error, path: string): Error {
    if (this.lost || e instanceof UnreachableError)
      return new UnreachableError(this.host, this.lost ?? e.message);
    return new Error(`${this.host}: sftp ${path}: ${e.message}`);
  }
}
