import type { Ssh2Channel, Ssh2Client } from '../ssh2-lib.js';

/** A session channel of the keeper's server side (ssh2's server Channel). */
export interface ServerChannel extends Ssh2Channel {
  exit(statusOrSignal: number | string, coreDumped?: boolean, msg?: string): void;
  stderr: Ssh2Channel['stderr'] & NodeJS.WritableStream;
}

type Accept<T = void> = () => T;
type Reject = () => void;

/** The session requests of ssh2's server side that the relay answers. */
export interface ServerSession {
  on(event: 'pty', cb: (accept: Accept | undefined, reject: Reject | undefined, info: PtyInfo) => void): this;
  on(
    event: 'env',
    cb: (accept: Accept | undefined, reject: Reject | undefined, info: { key: string; val: string }) => void,
  ): this;
  on(event: 'shell', cb: (accept: Accept<ServerChannel>, reject: Reject) => void): this;
  on(
    event: 'exec',
    cb: (accept: Accept<ServerChannel>, reject: Reject, info: { command: string }) => void,
  ): this;
  on(
    event: 'subsystem',
    cb: (accept: Accept<ServerChannel>, reject: Reject, info: { name: string }) => void,
  ): this;
  on(
    event: 'signal',
    cb: (accept: Accept | undefined, reject: Reject | undefined, info: { name: string }) => void,
  ): this;
  on(
    event: 'window-change',
    cb: (accept: Accept | undefined, reject: Reject | undefined, info: PtyInfo) => void,
  ): this;
}

export interface PtyInfo {
  rows: number;
  cols: number;
  height: number;
  width: number;
  term: string;
  modes: Record<string, number>;
}

/** The client calls the relay opens upstream channels with (ssh2's Client). */
interface UpstreamCalls {
  shell(window: PtyInfo | false, opts: { env?: Record<string, string> }, cb: Opened): void;
  exec(command: string, opts: { pty?: PtyInfo; env?: Record<string, string> }, cb: Opened): void;
  subsys(name: string, cb: Opened): void;
}
type Opened = (err: Error | undefined, ch: UpstreamChannel) => void;
interface UpstreamChannel extends Ssh2Channel {
  setWindow(rows: number, cols: number, height: number, width: number): void;
}

/**
 * Serves one session channel a run opened on the keeper's socket with a channel of the same kind
 * on the kept connection: its pty and environment requests, then the shell, command or
 * subsystem (SFTP as raw bytes), both ways, with stderr, signals, window changes and the exit
 * status, which goes before the end as OpenSSH sends it.
 */
export function relaySession(session: ServerSession, upstream: Ssh2Client): void {
  const up = upstream as unknown as UpstreamCalls;
  let pty: PtyInfo | undefined;
  const env: Record<string, string> = {};
  let opened: UpstreamChannel | undefined;
  session.on('pty', (accept, _reject, info) => {
    pty = info;
    accept?.();
  });
  session.on('env', (accept, _reject, info) => {
    env[info.key] = info.val;
    accept?.();
  });
  const start =
    (accept: Accept<ServerChannel>, reject: Reject) => (err: Error | undefined, ch: UpstreamChannel) => {
      if (err) return reject();
      opened = ch;
      pipeChannel(accept(), ch);
    };
  const envOpt = () => (Object.keys(env).length ? { env } : {});
  session.on('shell', (accept, reject) => up.shell(pty ?? false, envOpt(), start(accept, reject)));
  session.on('exec', (accept, reject, info) =>
    up.exec(info.command, { ...(pty ? { pty } : {}), ...envOpt() }, start(accept, reject)),
  );
  session.on('subsystem', (accept, reject, info) => up.subsys(info.name, start(accept, reject)));
  session.on('signal', (accept, _reject, info) => {
    opened?.signal(info.name);
    accept?.();
  });
  session.on('window-change', (accept, _reject, info) => {
    opened?.setWindow(info.rows, info.cols, info.height, info.width);
    accept?.();
  });
}

function pipeChannel(down: ServerChannel, up: UpstreamChannel): void {
  // either side's end is seen through 'close'; a late write's error must not end the keeper
  for (const s of [down, up, up.stderr, down.stderr]) s.on('error', () => {});
  let exit: [number | string, boolean?, string?] | undefined;
  up.on('data', (d: Buffer) => {
    if (!down.write(d)) up.pause();
  });
  down.on('drain', () => up.resume());
  up.stderr.on('data', (d: Buffer) => down.stderr.write(d));
  up.on('exit', (code: number | null, signal?: string, dumped?: boolean, desc?: string) => {
    exit = code !== null && code !== undefined ? [code] : [signal ?? 'KILL', dumped, desc];
  });
  // ssh2 emits a channel's close once its data has all been emitted: what is written is all
  up.on('close', () => {
    if (down.writableEnded || down.destroyed) return; // the run closed it first
    // the exit status after the last data, then EOF and close
    down.write(Buffer.alloc(0), () => {
      if (exit) down.exit(...exit);
      down.end();
    });
  });
  down.on('data', (d: Buffer) => {
    if (!up.write(d)) down.pause();
  });
  up.on('drain', () => down.resume());
  down.on('end', () => up.end());
  down.on('close', () => up.close());
}
