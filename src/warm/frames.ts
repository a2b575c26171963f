/**
 * The warm protocol's frames (src/warm/): one type byte, a 4-byte big-endian length, the payload.
 * One Unix socket carries the run's request, its output in order and its exit code.
 */
export const FRAME = {
  /** the run, as JSON (client to server) */
  request: 0x52,
  /** the run started in the server's process `pid` (JSON) */
  started: 0x50,
  stdout: 0x4f,
  stderr: 0x45,
  /** the run ended with `code` (JSON) */
  exit: 0x58,
  /** not served (busy), or handed back: the client runs the command itself */
  refused: 0x4e,
} as const;

export function frame(type: number, payload: string | Uint8Array): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Splits a byte stream into frames: `onFrame(type, payload)` for each whole one. */
export function frameReader(onFrame: (type: number, payload: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 5) {
      const len = pending.readUInt32BE(1);
      if (pending.length < 5 + len) break;
      const type = pending[0]!;
      const payload = pending.subarray(5, 5 + len);
      pending = pending.subarray(5 + len);
      onFrame(type, payload);
    }
  };
}

/** What a client sends: its command line and the process state the run sees as its own. */
export interface WarmRequest {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  umask: number;
  /** the client's pid: its standard input is opened through /proc for questions */
  pid: number;
  /** its controlling terminal's device (/dev/pts/N), where questions are asked */
  terminal?: string;
  stdinIsTTY: boolean;
}
