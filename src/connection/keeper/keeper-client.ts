import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnreachableError } from '../../errors.js';
import { ssh2, type Ssh2Client } from '../ssh2-lib.js';
import type { ConnectionSpec } from '../types.js';
import type { KeeperReply, KeeperRequest } from './keeper-protocol.js';
import type { Persistence } from './persist.js';

/**
 * A kept connection for `spec`: the one behind its socket if a keeper serves it (no SSH
 * handshake with the host), else one this run's keeper opens and keeps. Undefined when no keeper
 * can be started here (fabplay not built): the caller connects directly.
 */
export async function openKept(spec: ConnectionSpec, p: Persistence): Promise<Ssh2Client | undefined> {
  const kept = await attach(p.socketPath, spec.connectTimeoutMs).catch(() => undefined);
  if (kept) return kept;
  // a keeper ends with its last connection: one that ended as it was asked is started anew, once
  let answer = await startedKeeper()?.ask(spec, p);
  if (answer === 'keeper ended') answer = await startedKeeper()?.ask(spec, p);
  // no keeper here, or it could not keep this one (its socket failed): a direct connection
  if (answer !== 'kept') return undefined;
  return attach(p.socketPath, spec.connectTimeoutMs).catch((e: Error) => {
    throw new UnreachableError(spec.host, `the kept connection's socket ${p.socketPath}: ${e.message}`);
  });
}

/**
 * Ends the kept connection behind the keeper's socket `client` is logged in on, as `ssh -O stop`
 * ends a ControlMaster: asked as OpenSSH's request to cancel the stream forwarding at the
 * socket's path (keeper-main.ts). Resolves once the keeper answered or the link ended.
 */
export function stopKept(client: Ssh2Client, p: Persistence): Promise<void> {
  return new Promise((resolve) => {
    client.once('close', () => resolve());
    try {
      client.openssh_unforwardInStreamLocal(p.socketPath, () => resolve());
    } catch {
      resolve(); // not connected any more: nothing is kept behind it
    }
  });
}

/** Logs in on a keeper's socket; rejects when nobody serves it. */
function attach(path: string, timeoutMs: number): Promise<Ssh2Client> {
  return new Promise((resolve, reject) => {
    const sock = netConnect(path);
    sock.once('error', reject);
    sock.once('connect', () => {
      sock.removeListener('error', reject);
      const client = new ssh2.Client();
      const fail = (e: Error) => {
        client.end();
        reject(e);
      };
      client.once('error', fail);
      client.once('ready', () => {
        client.removeListener('error', fail);
        client.on('error', () => {}); // reported through 'close'
        resolve(client);
      });
      client.connect({
        sock,
        username: 'fabplay',
        readyTimeout: timeoutMs,
        // the socket's directory is the lock (0700, as OpenSSH's ControlPath): the keeper's
        // host key is made at its start and known to no file
        hostVerifier: () => true,
        authHandler: (_left, _partial, next) => next({ type: 'none', username: 'fabplay' }),
        keepaliveInterval: 0,
        // the keeper is no OpenSSH server: stopKept's request goes to it all the same
        strictVendor: false,
      });
      client.setNoDelay(true);
    });
  });
}

const KEEPER_ENDED = 'the connection keeper ended';

class Keeper {
  private next = 1;
  private waiting = new Map<number, (r: KeeperReply) => void>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (r: KeeperReply) => {
      this.waiting.get(r.id)?.(r);
      this.waiting.delete(r.id);
      this.refWhileWaiting();
    });
    const gone = () => {
      for (const [id, answer] of this.waiting) answer({ id, error: KEEPER_ENDED, unreachable: false });
      this.waiting.clear();
      if (keeper === this) keeper = undefined;
    };
    child.on('exit', gone);
    child.on('error', gone);
    child.unref();
  }

  /** Whether the keeper keeps the connection now; throws UnreachableError when the host cannot be reached. */
  async ask(spec: ConnectionSpec, persistence: Persistence): Promise<'kept' | 'keeper ended' | 'not kept'> {
    const id = this.next++;
    const reply = await new Promise<KeeperReply>((resolve) => {
      this.waiting.set(id, resolve);
      this.refWhileWaiting();
      const req: KeeperRequest = { id, spec, persistence };
      this.child.send(req);
    });
    if ('error' in reply && reply.unreachable)
      throw new UnreachableError(spec.host, reply.error, reply.authentication);
    if (!('error' in reply)) return 'kept';
    return reply.error === KEEPER_ENDED ? 'keeper ended' : 'not kept';
  }

  /** The IPC channel holds the run only while an answer is awaited. */
  private refWhileWaiting(): void {
    const ch = this.child.channel as { ref(): void; unref(): void } | undefined;
    if (this.waiting.size) ch?.ref();
    else ch?.unref();
  }
}

let keeper: Keeper | undefined;

function startedKeeper(): Keeper | undefined {
  if (keeper) return keeper;
  const bin = fabplayBin();
  if (!bin) return undefined;
  // its own session: a Ctrl-C or a closed terminal ends the run, not the connections it keeps
  const child = spawn(process.execPath, [bin, '__keeper'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return (keeper = new Keeper(child));
}

/** bin/fabplay.js above this file, from the sources (src/...) or the bundle (dist/...). */
function fabplayBin(): string | undefined {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) {
    const bin = join(d, 'bin', 'fabplay.js');
    if (existsSync(bin) && existsSync(join(d, 'dist', 'fabplay.cjs'))) return bin;
  }
  return undefined;
}
