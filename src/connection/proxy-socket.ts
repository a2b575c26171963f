import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { Duplex } from 'node:stream';

/** `%h`, `%p`, `%r`, `%%` as OpenSSH expands them in a ProxyCommand. */
export function expandProxyCommand(template: string, host: string, port: number, user: string): string {
  return template.replace(/%([hpr%])/g, (_m, c: string) =>
    c === 'h' ? host : c === 'p' ? String(port) : c === 'r' ? user : '%',
  );
}

/** A process's stdout and stdin as one byte stream, the way ssh2 wants its socket. */
class ProcessStream extends Duplex {
  constructor(private readonly child: ChildProcess) {
    super();
    const out = child.stdout!;
    out.on('data', (d: Buffer) => {
      if (!this.push(d)) out.pause();
    });
    out.on('end', () => this.push(null));
    // the proxy's output is over once read: close the whole stream, so the ssh client sees it end
    this.on('end', () => this.destroy());
    out.on('error', () => this.push(null));
    child.stdin!.on('error', () => this.destroy());
  }

  override _read(): void {
    this.child.stdout!.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    if (this.child.stdin!.destroyed) return done();
    this.child.stdin!.write(chunk, () => done());
  }

  override _final(done: () => void): void {
    this.child.stdin!.end();
    done();
  }

  override _destroy(err: Error | null, done: (e: Error | null) => void): void {
    endProxy(this.child);
    done(err);
  }
}

/** ProxyCommands still running; ended with their whole process group when fabplay exits. */
const running = new Set<ChildProcess>();

function endProxy(child: ChildProcess): void {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    // the group: a ProxyCommand may be a pipeline or leave children of its own
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

// detached proxies outlive fabplay unless ended: Ctrl-C, errors and normal exits all pass here
process.on('exit', () => {
  for (const child of [...running]) endProxy(child);
});

/**
 * Runs a ProxyCommand (through /bin/sh, as OpenSSH does) and gives its stdin/stdout as one
 * stream ssh2 can use as its socket. Its stderr is kept for the error message when it fails.
 * It runs in a session of its own: a Ctrl-C on the terminal goes to fabplay's process group,
 * and a proxy in that group would die of it and cut every connection before fabplay's own
 * handler ran (the run then ended as all hosts UNREACHABLE instead of interrupted). fabplay ends
 * its proxies itself, when the connection closes or the process exits.
 */
export function proxySocket(command: string): { sock: Duplex; child: ChildProcess; stderr: () => string } {
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (err.length < 4096) err += d.toString();
  });
  const sock = new ProcessStream(child);
  sock.on('error', () => {});
  child.on('error', () => sock.destroy());
  return { sock, child, stderr: () => err.trim() };
}

/**
 * The Unix socket a ProxyCommand does nothing but relay to (`socat - UNIX-CONNECT:PATH`,
 * `nc -U PATH`), or undefined. fabplay connects to such a socket itself: the same bytes reach the
 * same place without a process per host (a fork of the controller each, and a pipe hop per packet).
 */
export function unixSocketOf(command: string): string | undefined {
  const m =
    /^socat\s+(?:-|STDIO)\s+UNIX-(?:CONNECT|CLIENT):([^\s'"]+)$/.exec(command.trim()) ??
    /^(?:busybox\s+)?nc\s+-U\s+([^\s'"]+)$/.exec(command.trim());
  return m?.[1];
}

/** A ProxyCommand as a socket: the Unix socket it relays to, else the command's own process. */
export function proxyConnection(command: string): { sock: Duplex; stderr: () => string } {
  const path = unixSocketOf(command);
  if (!path) return proxySocket(command);
  const sock = connect(path);
  let err = '';
  sock.on('error', (e) => (err = `${path}: ${e.message}`));
  return { sock, stderr: () => err };
}
