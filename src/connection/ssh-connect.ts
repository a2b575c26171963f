import type { Duplex } from 'node:stream';
import { UnreachableError } from '../errors.js';
import { authHandler, authMethods } from './ssh-auth.js';
import { parseJump, parseSshArgs } from './ssh-args.js';
import { sshOptionText, type Persistence } from './keeper/persist.js';
import { defaultKnownHostsFile, preferredHostKeyAlgorithms, verifyHostKey } from './known-hosts.js';
import { expandProxyCommand, proxyConnection } from './proxy-socket.js';
import { ignoreHostKeyAnnouncements, ssh2, type Ssh2Client } from './ssh2-lib.js';
import type { Kept } from './keeper/parked.js';
import type { ConnectionSpec } from './types.js';

export interface OpenedClient {
  client: Ssh2Client;
  /** other clients this one rides on (a jump host), closed with it */
  via: Ssh2Client[];
  /** the user it logged in as */
  user: string;
  /** a kept connection a process serving runs parks after each run (keeper/parked.ts), by its socket's name */
  parkAt?: Persistence;
  /** what a parked connection kept: its SFTP session and idle shells */
  kept?: Omit<Kept, 'client'>;
  /** the keeper's socket this client is logged in on (keeper/): the kept connection is behind it */
  keptAt?: Persistence;
}

interface Target {
  label: string;
  address: string;
  port: number;
  user: string;
  sock?: Duplex;
  proxyErr?: () => string;
  aliveIntervalSec?: number;
}

const DEFAULT_ALIVE_INTERVAL_SEC = 15;

/**
 * Opens the SSH connection a spec describes: through a ProxyCommand or a jump host if asked,
 * host key checked against known_hosts, authenticated by agent, key or password. Every failure
 * is an UnreachableError that says what went wrong and what to do.
 */
export async function openSshClient(spec: ConnectionSpec): Promise<OpenedClient> {
  const args = parseSshArgs(sshOptionText(spec));
  const user = loginUserOf(spec);
  const jump = spec.jumpHost ?? args.proxyJump;
  const via: Ssh2Client[] = [];
  const alive = args.serverAliveIntervalSec;
  const aliveIntervalSec = alive !== undefined && Number.isFinite(alive) && alive >= 0 ? alive : undefined;
  let target: Target = { label: spec.host, address: spec.address, port: spec.port, user, aliveIntervalSec };
  if (jump && jump !== 'none') {
    const j = parseJump(jump);
    const jumpTarget: Target = {
      label: `jump host ${j.host}`,
      address: j.host,
      port: j.port,
      user: j.user ?? user,
      aliveIntervalSec,
    };
    if (args.proxyCommand) withProxy(jumpTarget, args.proxyCommand);
    const jc = await handshake(spec, jumpTarget);
    via.push(jc);
    const sock = await new Promise<Duplex>((resolve, reject) => {
      jc.forwardOut('127.0.0.1', 0, spec.address, spec.port, (err, ch) => (err ? reject(err) : resolve(ch)));
    }).catch((e: Error) => {
      jc.end();
      throw new UnreachableError(
        spec.host,
        `jump host ${j.host} cannot reach ${spec.address}:${spec.port}: ${e.message}`,
      );
    });
    target = { ...target, sock };
  } else if (args.proxyCommand && args.proxyCommand !== 'none') {
    withProxy(target, args.proxyCommand);
  }
  try {
    return { client: await handshake(spec, target), via, user };
  } catch (e) {
    for (const c of via) c.end();
    throw e;
  }
}

/** The user a spec logs in as: ansible_user, then `-l`/`User` in the ssh args, then the local user. */
export function loginUserOf(spec: ConnectionSpec): string {
  return spec.user ?? parseSshArgs(sshOptionText(spec)).user ?? process.env.USER ?? 'root';
}

function withProxy(t: Target, template: string): void {
  const p = proxyConnection(expandProxyCommand(template, t.address, t.port, t.user));
  t.sock = p.sock;
  t.proxyErr = p.stderr;
}

function handshake(spec: ConnectionSpec, t: Target): Promise<Ssh2Client> {
  const knownHosts = spec.knownHostsFile ?? defaultKnownHostsFile();
  const { methods, tried } = authMethods({
    user: t.user,
    privateKeyFile: spec.privateKeyFile,
    privateKeyPassphrase: spec.privateKeyPassphrase,
    password: spec.password,
  });
  const client = new ssh2.Client();
  const hostKeyAlgos = preferredHostKeyAlgorithms(knownHosts, t.address, t.port);
  let keyProblem: string | undefined;
  return new Promise<Ssh2Client>((resolve, reject) => {
    let failed = false;
    const fail = (err: Error & { level?: string }) => {
      // a lost link may raise several errors (and a close): the first explains it, none may crash
      if (failed) return;
      failed = true;
      client.end();
      t.sock?.destroy();
      const refused = err.level === 'client-authentication';
      reject(new UnreachableError(spec.host, explain(t, err, keyProblem, tried), refused));
    };
    client.on('error', fail);
    const onClose = () => fail(new Error(t.proxyErr?.() || 'connection closed during the handshake'));
    client.once('close', onClose);
    client.once('ready', () => {
      client.removeListener('error', fail);
      client.removeListener('close', onClose);
      // a later error must not crash the process; the connection reports it through 'close'
      client.on('error', () => {});
      resolve(client);
    });
    client.connect({
      host: t.address,
      port: t.port,
      username: t.user,
      sock: t.sock,
      readyTimeout: spec.connectTimeoutMs,
      ...(hostKeyAlgos.length ? { algorithms: { serverHostKey: hostKeyAlgos } } : {}),
      // -o ServerAliveInterval=N as OpenSSH takes it (0: none). The default is sparse: every idle
      // connection pings, and a thousand of them pinging each 5 s cost the controller more CPU
      // than some tasks did; a lost connection is still found within a minute
      keepaliveInterval: (t.aliveIntervalSec ?? DEFAULT_ALIVE_INTERVAL_SEC) * 1000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        const v = verifyHostKey(knownHosts, t.address, t.port, key, spec.hostKeyChecking, t.label);
        if (!v.ok) keyProblem = v.message;
        return v.ok;
      },
      authHandler: authHandler(methods),
    });
    ignoreHostKeyAnnouncements(client);
    // each command is one small packet answered by the host: Nagle would hold it behind an ACK
    client.setNoDelay(true);
  });
}

function explain(
  t: Target,
  err: Error & { level?: string },
  keyProblem: string | undefined,
  tried: string[],
): string {
  const where = `${t.user}@${t.address}:${t.port}`;
  if (keyProblem) return keyProblem;
  if (err.level === 'client-authentication') {
    return `${where}: permission denied (tried ${tried.join(', ') || 'no method'}); check ansible_user, the key (--private-key) or the password (--ask-pass)`;
  }
  if (/timed out/i.test(err.message))
    return `${where}: no SSH answer in time (${err.message}); is the host up and sshd running?`;
  const proxy = t.proxyErr?.();
  return `${where}: ${err.message}${proxy && !err.message.includes(proxy) ? ` (proxy: ${proxy})` : ''}`;
}
