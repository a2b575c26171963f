import type { ShellSession } from '../shell-session.js';
import type { Ssh2Client, Ssh2Sftp } from '../ssh2-lib.js';
import type { Persistence } from './persist.js';

// The kept connections (ControlPersist) of a process serving runs one after another (src/warm/):
// it keeps them itself from one run to the next, as the keeper keeps a CLI run's; the next run
// with the same connection skips the SSH handshake, the start of an SFTP server on the host, and
// the keeper's relay. One unused for ControlPersist's time ends.

/**
 * A connection between two runs, with its SFTP session and idle shells (a command runs in a
 * subshell of its own, so a shell holds no run's state).
 */
export interface Kept {
  client: Ssh2Client;
  sftp?: Ssh2Sftp;
  shells: ShellSession[];
}

interface Parked extends Kept {
  timer: NodeJS.Timeout;
  onClose: () => void;
}

const parked = new Map<string, Parked>();

/** Keeps a connection for the next run, under its socket's name (one already there is ended). */
export function park(at: Persistence, kept: Kept): void {
  take(at)?.client.end();
  const entry: Parked = {
    ...kept,
    timer: setTimeout(() => take(at)?.client.end(), at.idleSec * 1000).unref(),
    // the connection ended meanwhile: nothing to take any more
    onClose: () => void (parked.get(at.socketPath) === entry && take(at)),
  };
  kept.client.once('close', entry.onClose);
  parked.set(at.socketPath, entry);
}

/** The connection parked under this socket's name, if any: the caller's from now on. */
export function take(at: Persistence): Kept | undefined {
  const entry = parked.get(at.socketPath);
  if (!entry) return undefined;
  parked.delete(at.socketPath);
  clearTimeout(entry.timer);
  entry.client.removeListener('close', entry.onClose);
  return { client: entry.client, sftp: entry.sftp, shells: entry.shells.filter((sh) => !sh.broken) };
}
