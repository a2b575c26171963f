import { appendFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UnreachableError } from '../../errors.js';
import { socketAnswers } from '../../util/socket-answers.js';
import { openSshClient } from '../ssh-connect.js';
import { serverHostKey, ssh2, type Ssh2Client } from '../ssh2-lib.js';
import { relaySession, type ServerSession } from './session-relay.js';
import type { KeeperReply, KeeperRequest } from './keeper-protocol.js';
import type { Persistence } from './persist.js';

/** ssh2's server side, as the keeper uses it. */
interface KeeperServer {
  listen(path: string, cb: () => void): void;
  close(): void;
  on(event: 'error', cb: (e: Error) => void): this;
}
interface ServerClient {
  on(event: 'authentication', cb: (ctx: { method: string; accept(): void; reject(): void }) => void): this;
  on(event: 'ready' | 'close', cb: () => void): this;
  on(event: 'session', cb: (accept: () => ServerSession, reject: () => void) => void): this;
  on(
    event: 'request',
    cb: (
      accept: (() => void) | undefined,
      reject: (() => void) | undefined,
      name: string,
      info: unknown,
    ) => void,
  ): this;
  on(event: 'error', cb: (e: Error) => void): this;
  end(): void;
}
type ServerCtor = new (cfg: { hostKeys: string[] }, onClient: (client: ServerClient) => void) => KeeperServer;

/**
 * The keeper: a process of its own (`fabplay __keeper`, started by the first run that keeps
 * connections) that opens the SSH connections a run asks for over its IPC channel and keeps each
 * one behind a Unix socket, 0600 in a 0700 directory, as OpenSSH's ControlMaster does. A run
 * logs in on a socket over SSH (no authentication: the directory's permissions are the lock) and
 * each session channel it opens is relayed to one on the kept connection. A connection ends when
 * it drops or has served no run for its ControlPersist time; the process ends with its last
 * connection once the run that started it is gone.
 */
export function runKeeper(): void {
  process.umask(0o077);
  // one connection's fault must not end the others: it is noted beside the sockets instead
  process.on('uncaughtException', (e) => note(e));
  const hostKey = serverHostKey();
  const channel = process.channel as { ref(): void; unref(): void } | undefined;
  let busy = 0;
  process.on('message', (m: KeeperRequest) => {
    busy++;
    channel?.ref();
    void keep(m, hostKey)
      .then(
        (): KeeperReply => ({ id: m.id, ok: true }),
        (e: Error): KeeperReply => {
          // the run falls back to a connection of its own and says nothing: the reason is kept here
          if (!(e instanceof UnreachableError)) note(e);
          return {
            id: m.id,
            error: e.message,
            unreachable: e instanceof UnreachableError,
            authentication: e instanceof UnreachableError && e.authentication,
          };
        },
      )
      .then((reply) => {
        process.send?.(reply);
        // between requests only the kept connections hold the process: it ends with the last
        if (--busy === 0) channel?.unref();
      });
  });
}

/** What stopKept (keeper-client.ts) asks, naming the socket: OpenSSH's cancel of a forwarding there. */
const STOP_REQUEST = 'cancel-streamlocal-forward@openssh.com';

/** Where the keeper notes what went wrong: fabplay-keeper.log beside its first socket. */
let logFile: string | undefined;

function note(e: Error): void {
  if (!logFile) return;
  try {
    appendFileSync(logFile, `${new Date().toISOString()} pid ${process.pid}: ${e.stack ?? e.message}\n`);
  } catch {
    /* nowhere to note it */
  }
}

async function keep({ spec, persistence }: KeeperRequest, hostKey: string): Promise<void> {
  logFile ??= join(dirname(persistence.socketPath), 'fabplay-keeper.log');
  const { client, via } = await openSshClient(spec);
  const endAll = () => {
    client.end();
    for (const c of via) c.end();
  };
  try {
    mkdirSync(dirname(persistence.socketPath), { recursive: true, mode: 0o700 });
    if (await socketAnswers(persistence.socketPath)) return endAll(); // another keeper has it already
    try {
      unlinkSync(persistence.socketPath); // a socket nobody serves
    } catch {
      /* none there */
    }
    await serve(client, persistence, hostKey, endAll);
  } catch (e) {
    endAll();
    throw e;
  }
}

function serve(upstream: Ssh2Client, p: Persistence, hostKey: string, endAll: () => void): Promise<void> {
  const Server = (ssh2 as unknown as { Server: ServerCtor }).Server;
  const clients = new Set<ServerClient>();
  let idle: NodeJS.Timeout | undefined;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(idle);
    try {
      unlinkSync(p.socketPath);
    } catch {
      /* gone already */
    }
    server.close();
    // a run logged in on the socket learns of the end at once, as from a dropped connection
    for (const c of clients) c.end();
    endAll();
  };
  const idleAgain = () => {
    clearTimeout(idle);
    if (clients.size === 0 && p.idleSec > 0) idle = setTimeout(end, p.idleSec * 1000);
  };
  const server = new Server({ hostKeys: [hostKey] }, (c) => {
    clients.add(c);
    clearTimeout(idle);
    c.on('error', () => {});
    c.on('authentication', (ctx) => (ctx.method === 'none' ? ctx.accept() : ctx.reject()));
    c.on('session', (accept) => relaySession(accept(), upstream));
    // a run's meta: reset_connection (keeper-client.ts stopKept): the kept connection ends
    c.on('request', (accept, reject, name, info) => {
      if (name !== STOP_REQUEST || (info as { socketPath?: string }).socketPath !== p.socketPath)
        return reject?.();
      accept?.();
      end();
    });
    c.on('close', () => {
      clients.delete(c);
      idleAgain();
    });
  });
  upstream.on('close', end);
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(p.socketPath, () => {
      idleAgain();
      resolve();
    });
  });
}
