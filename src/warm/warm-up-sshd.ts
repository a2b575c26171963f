import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Duplex, Writable } from 'node:stream';
import { serveSftp, type SftpCodes, type SftpServerSession } from './warm-up-sftp.js';
import { serverHostKey, ssh2 as ssh2Lib } from '../connection/ssh2-lib.js';

/** The part of ssh2's server the warm-up uses (ssh2 ships no type declarations). */
interface Ssh2ServerModule {
  Server: new (
    cfg: { hostKeys: string[] },
    onClient: (client: ServerClient) => void,
  ) => {
    listen(path: string, cb: () => void): void;
    close(): void;
    on(event: 'error', cb: (e: Error) => void): void;
  };
  utils: { sftp: SftpCodes };
}

interface AuthContext {
  method: string;
  password?: string;
  accept(): void;
  reject(methods: string[]): void;
}

interface ServerChannel extends Duplex {
  stderr: Writable;
  exit(code: number): void;
}

interface Session {
  on(
    event: 'exec',
    cb: (accept: () => ServerChannel, reject: () => void, info: { command: string }) => void,
  ): void;
  on(event: 'sftp', cb: (accept: () => SftpServerSession) => void): void;
}

interface ServerClient {
  on(event: 'authentication', cb: (ctx: AuthContext) => void): ServerClient;
  on(event: 'ready' | 'close', cb: () => void): ServerClient;
  on(event: 'session', cb: (accept: () => Session) => void): ServerClient;
  on(event: 'error', cb: (e: Error) => void): ServerClient;
  end(): void;
}

export interface WarmUpSshd {
  /** the password it takes (any user name: commands run as this process's user) */
  password: string;
  /** ends its connections and stops listening */
  close(): void;
}

/**
 * An SSH server inside this process, on a Unix socket in the warm-up's own 0700 scratch
 * directory, with a host key and a password made for it: the warm-up's runs reach it as a host
 * over SSH, so a served run's first tasks over SSH (ssh2's protocol, SFTP, fabplay's look-ahead
 * and shell sessions) do not run as cold code. It runs commands with /bin/sh, as this user, and
 * serves files over SFTP (warm-up-sftp.ts); no one but this process can reach its socket.
 */
export function startWarmUpSshd(socketPath: string): Promise<WarmUpSshd> {
  // the one ssh2 the client side loads too (ssh2-lib.ts), so served runs run the code warmed up here
  const ssh2 = ssh2Lib as unknown as Ssh2ServerModule;
  const password = randomBytes(16).toString('hex');
  const clients = new Set<ServerClient>();
  const server = new ssh2.Server({ hostKeys: [serverHostKey()] }, (client) => {
    clients.add(client);
    client
      .on('error', () => {})
      .on('close', () => clients.delete(client))
      .on('authentication', (ctx) =>
        ctx.method === 'password' && ctx.password === password ? ctx.accept() : ctx.reject(['password']),
      )
      .on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => runCommand(acceptExec(), info.command));
        session.on('sftp', (acceptSftp) => serveSftp(acceptSftp(), ssh2.utils.sftp));
      });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(socketPath, () =>
      resolve({
        password,
        close() {
          for (const c of clients) c.end();
          server.close();
        },
      }),
    );
  });
}

/** A command as sshd runs it: `sh -c`, the channel as its stdio, its exit status sent back. */
function runCommand(ch: ServerChannel, command: string): void {
  const child = spawn('/bin/sh', ['-c', command], { stdio: 'pipe' });
  child.stdin.on('error', () => {});
  ch.pipe(child.stdin);
  child.stdout.pipe(ch, { end: false });
  child.stderr.pipe(ch.stderr, { end: false });
  child.on('error', () => {
    ch.exit(127);
    ch.end();
  });
  child.on('close', (code) => {
    ch.exit(code ?? 255);
    ch.end();
  });
  // the client closed the channel first (a shell session at the end of a run): its shell ends
  ch.on('close', () => child.exitCode === null && child.kill());
}
