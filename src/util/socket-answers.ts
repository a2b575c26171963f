import { connect } from 'node:net';

/** Whether a process serves the Unix socket at `path` (a socket file nobody answers on is a dead one's). */
export function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
