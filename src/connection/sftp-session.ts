import { UnreachableError } from '../errors.js';
import type { EndRace } from './end-race.js';
import { coalesceSftpWrites, parseSftpWithoutStacks, type Ssh2Client, type Ssh2Sftp } from './ssh2-lib.js';

/** What the session needs of its SSH connection, read when asked (they change on reconnect). */
export interface SftpSessionLink {
  readonly host: string;
  /** the connection's client, connecting first if needed; throws UnreachableError once lost */
  live(): Promise<Ssh2Client>;
  /** the connection's end, which races every request */
  gone(): EndRace;
  /** why the connection was lost, if it was */
  lost(): string | undefined;
}

/**
 * The one SFTP session of an SSH connection (ssh.ts): opened when first asked for, or adopted from
 * a parked connection; forgotten when it closes; handed over, no longer listened to, when the
 * connection is parked.
 */
export class SftpSession {
  private session?: Promise<Ssh2Sftp>;
  private open?: Ssh2Sftp;
  private onClose?: () => void;

  constructor(private readonly link: SftpSessionLink) {}

  /** A kept connection's open session becomes this one. */
  adopt(s: Ssh2Sftp): void {
    this.session = Promise.resolve(this.adopted(s));
  }

  /** The connection's SFTP session: forgotten when it closes. */
  private adopted(s: Ssh2Sftp): Ssh2Sftp {
    this.onClose = () => {
      this.session = undefined;
      this.open = undefined;
    };
    s.on('close', this.onClose);
    this.open = s;
    return s;
  }

  /** The session, opened on the connection when there is none. */
  get(): Promise<Ssh2Sftp> {
    this.session ??= this.link.live().then((client) =>
      this.link.gone().race(
        new Promise<Ssh2Sftp>((resolve, reject) =>
          client.sftp((err, s) => {
            if (err) return reject(err);
            coalesceSftpWrites(s);
            parseSftpWithoutStacks(s);
            resolve(this.adopted(s));
          }),
        ),
      ),
    );
    return this.session.catch((e: Error) => {
      this.session = undefined;
      const lost = this.link.lost();
      if (lost) throw new UnreachableError(this.link.host, lost);
      throw e;
    });
  }

  /** The open session for parking, no longer listened to; this one has none from here. */
  detach(): Ssh2Sftp | undefined {
    const s = this.open;
    if (s && this.onClose) s.removeListener('close', this.onClose);
    this.session = undefined;
    this.open = undefined;
    return s;
  }

  /** A new connection asks for a session of its own. */
  forget(): void {
    this.session = undefined;
  }
}
