import { UnreachableError } from '../errors.js';
import { LocalConnection } from '../connection/local.js';
import { connectionSpecFor, hiddenAnswers, openConnection } from '../connection/index.js';
import type { Connection, ConnectionSpec, FileReader, FileWriter } from '../connection/types.js';

/**
 * One connection per host for the whole run: opened lazily on first use, closed at the end.
 * `ansible_connection=local` (and an implicit localhost) never goes through the transport layer.
 */
export class ConnectionPool {
  private open = new Map<string, Promise<Connection>>();
  private lazies = new Map<string, LazyConnection>();

  /** `onSecret` hears each password and key passphrase a host's connection is opened with */
  constructor(private defaults: Partial<ConnectionSpec> & { onSecret?: (v: string | undefined) => void }) {}

  get(host: string, vars: Record<string, unknown>): Promise<Connection> {
    let p = this.open.get(host);
    if (!p) {
      p = this.connect(host, vars);
      this.open.set(host, p);
      // a failed connect is not cached: the next play may try again
      p.catch(() => this.open.delete(host));
    }
    return p;
  }

  private async connect(host: string, vars: Record<string, unknown>): Promise<Connection> {
    if (isLocal(host, vars)) return new LocalConnection(host);
    const spec = connectionSpecFor(host, vars, this.defaults);
    this.defaults.onSecret?.(spec.password);
    this.defaults.onSecret?.(spec.privateKeyPassphrase);
    if (spec.connection === 'local') return new LocalConnection(host);
    try {
      return await openConnection(spec);
    } finally {
      // a key passphrase asked on the terminal while connecting
      for (const answer of hiddenAnswers()) this.defaults.onSecret?.(answer);
    }
  }

  /** The host's connection, opened on first use; failures to open become UnreachableError. */
  lazy(host: string, vars: Record<string, unknown>): Connection {
    let l = this.lazies.get(host);
    if (!l) {
      l = new LazyConnection(
        host,
        () =>
          this.get(host, vars).catch((e: unknown) => {
            if (e instanceof UnreachableError) throw e;
            throw new UnreachableError(host, `cannot connect: ${(e as Error).message}`);
          }),
        isLocal(host, vars) ? 'local' : 'ssh',
      );
      this.lazies.set(host, l);
    }
    return l;
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    this.lazies.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close().catch(() => undefined)));
  }
}

function isLocal(host: string, vars: Record<string, unknown>): boolean {
  const c = vars.ansible_connection;
  if (c === 'local') return true;
  if (c !== undefined) return false;
  return host === 'localhost' || host === '127.0.0.1';
}

/**
 * A connection that opens on first use, so a play of debug/set_fact/assert tasks never
 * connects, and a host is reported unreachable by the first task that needs it.
 */
export class LazyConnection implements Connection {
  private real?: Promise<Connection>;
  constructor(
    readonly host: string,
    private open: () => Promise<Connection>,
    readonly kind: string,
  ) {}

  private c(): Promise<Connection> {
    if (!this.real) this.real = this.open();
    return this.real;
  }

  async connect(): Promise<void> {
    await this.c();
  }
  async exec(...a: Parameters<Connection['exec']>): ReturnType<Connection['exec']> {
    return (await this.c()).exec(...a);
  }
  async put(...a: Parameters<Connection['put']>): ReturnType<Connection['put']> {
    return (await this.c()).put(...a);
  }
  async putFile(...a: Parameters<Connection['putFile']>): ReturnType<Connection['putFile']> {
    return (await this.c()).putFile(...a);
  }
  async get(...a: Parameters<Connection['get']>): ReturnType<Connection['get']> {
    return (await this.c()).get(...a);
  }
  async fileReader(): Promise<FileReader | undefined> {
    return (await this.c()).fileReader?.();
  }
  async fileWriter(): Promise<FileWriter | undefined> {
    return (await this.c()).fileWriter?.();
  }
  async close(): Promise<void> {
    if (this.real) await (await this.real.catch(() => undefined))?.close();
  }
}
