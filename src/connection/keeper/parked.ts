import type { Ssh2Client, Ssh2Sftp } from '../ssh2-lib.js';
import type { Persistence } from './persist.js';

/**
 * Logins on keepers' sockets that a process serving runs one after another (src/warm/) keeps
 * from one run to the next, with their SFTP session: the next run on the same socket skips the
 * SSH handshake with the keeper and the start of an SFTP server on the host. One unused for the
 * connection's ControlPersist time is logged out (the keeper then counts its own idle time).
 */
interface Parked {
  client: Ssh2Client;
  sftp?: Ssh2Sftp;
  timer: NodeJS.Timeout;
  onClose: () => void;
}

const parked = new Map<string, Parked>();

export function park(at: Persistence, client: Ssh2Client, sftp: Ssh2Sftp | undefined): void {
  take(at)?.client.end();
  const entry: Parked = {
    client,
    sftp,
    timer: setTimeout(() => take(at)?.client.end(), at.idleSec * 1000).unref(),
    // the keeper's connection ended (or the keeper): nothing to take any more
    onClose: () => void (parked.get(at.socketPath) === entry && take(at)),
  };
  client.once('close', entry.onClose);
  parked.set(at.socketPath, entry);
}

/** The login parked on this socket, if any: the caller's from now on. */
export function take(at: Persistence): { client: Ssh2Client; sftp?: Ssh2Sftp } | undefined {
  const entry = parked.get(at.socketPath);
  if (!entry) return undefined;
  parked.delete(at.socketPath);
  clearTimeout(entry.timer);
  entry.client.removeListener('close', entry.onClose);
  return entry;
}
