import { writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { FRAME, frame } from './frames.js';
import type { RunOutput } from './run-in-place.js';

/**
 * A run's frames to its client, in order, gathered over one turn of the event loop and written
 * together (a write per line woke the client for each: a fifth of a re-run's time); all of them
 * are written before an exit frame (process.exit in a run ends the server too). Once the client
 * is gone, further frames are dropped and `onGone` is told once.
 */
export class FrameWriter implements RunOutput {
  private gone = false;
  private readonly fd: number | undefined;
  private queued: Buffer[] = [];

  constructor(
    private readonly sock: Socket,
    private readonly onGone: () => void,
  ) {
    // the descriptor of the accepted Unix socket: Node's Pipe handle keeps it as `fd`
    const fd = (sock as unknown as { _handle?: { fd?: number } })._handle?.fd;
    this.fd = typeof fd === 'number' && fd >= 0 ? fd : undefined;
  }

  stdout(bytes: Uint8Array | string): void {
    this.send(FRAME.stdout, bytes);
  }

  stderr(bytes: Uint8Array | string): void {
    this.send(FRAME.stderr, bytes);
  }

  started(pid: number): void {
    this.send(FRAME.started, JSON.stringify({ pid }));
  }

  /** The client runs the command itself: what this run writes from now on goes nowhere. */
  handBack(): void {
    this.send(FRAME.refused, 'handed back');
    this.flush();
    this.gone = true;
  }

  exit(code: number): void {
    this.send(FRAME.exit, JSON.stringify({ code }));
    this.flush();
    this.gone = true;
  }

  private send(type: number, payload: Uint8Array | string): void {
    if (this.gone) return;
    if (!this.queued.length) setImmediate(() => this.flush());
    this.queued.push(frame(type, payload));
  }

  private flush(): void {
    if (this.gone || !this.queued.length) return;
    const buf = Buffer.concat(this.queued);
    this.queued = [];
    if (this.fd === undefined) {
      this.sock.write(buf);
      return;
    }
    let off = 0;
    while (off < buf.length) {
      try {
        off += writeSync(this.fd, buf, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // the socket is non-blocking: a client slow to read makes the run wait, as a full pipe does
        if (code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
          continue;
        }
        this.gone = true;
        this.onGone();
        return;
      }
    }
  }
}
