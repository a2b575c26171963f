import { UnreachableError } from '../errors.js';
import { LocalConnection } from '../connection/local.js';
import {
  connectionKind,
  connectionSpecFor,
  hiddenAnswers,
  missingConnection,
  openConnection,
  type ConnectionDefaults,
} from '../connection/index.js';
import type {
  Connection,
  ConnectionSpec,
  FileReader,
  FileWriter,
  ReconnectOptions,
  SshLink,
} from '../connection/types.js';
import { CONNECTION_VARS as V } from '../connection/var-names.js';

/**
 * One connection per host and login for the whole run: opened lazily on first use, closed at the
 * end. A connection is known by what it is made of (address, port, user, key, ...), as Ansible's
 * are: a task that sets another `ansible_user` gets a connection of its own.
 * `ansible_connection=local` (and an implicit localhost) never goes through the transport layer.
 */
export class ConnectionPool {
  private open = new Map<string, Promise<Connection>>();
  private lazies = new Map<string, LazyConnection>();

  /** `onSecret` hears each password and key passphrase a host's connection is opened with */
  constructor(private defaults: ConnectionDefaults & { onSecret?: (v: string | undefined) => void }) {}

  /** The spec of the host's connection (undefined: local), and the key it is pooled under. */
  private identify(host: string, vars: Record<string, unknown>): { key: string; spec?: ConnectionSpec } {
    if (isLocal(host, vars, this.defaults.connection)) return { key: `local ${host}` };
    const spec = connectionSpecFor(host, vars, this.defaults);
    if (spec.connection === 'local') return { key: `local ${host}` };
    return { key: JSON.stringify(spec), spec };
  }

  /** How the host is reached over SSH, for a program on the controller to log in itself; undefined for a local host. */
  sshLink(host: string, vars: Record<string, unknown>, password?: string): SshLink | undefined {
    const { spec } = this.identify(host, vars);
    if (!spec) return undefined;
    const given = (names: readonly string[]) => names.map((n) => vars[n]).find((v) => v != null && v !== '');
    const port = given(V.port) ?? this.defaults.port;
    return {
      spec,
      user: (given(V.user) as string | undefined) ?? this.defaults.user,
      port: port === undefined ? undefined : Number(port),
      privateKeyFile: (given(V.privateKeyFile) as string | undefined) ?? this.defaults.privateKeyFile,
      password,
    };
  }

  get(host: string, vars: Record<string, unknown>): Promise<Connection> {
    return this.opened(host, this.identify(host, vars));
  }

  private opened(
    host: string,
    { key, spec }: { key: string; spec?: ConnectionSpec },
    opts?: ReconnectOptions,
  ): Promise<Connection> {
    let p = this.open.get(key);
    if (!p) {
      p = spec ? this.connect(spec, opts) : Promise.resolve(new LocalConnection(host));
      this.open.set(key, p);
      // a failed connect is not cached: the next play may try again
      p.catch(() => this.open.delete(key));
    }
    return p;
  }

  private async connect(spec: ConnectionSpec, opts?: ReconnectOptions): Promise<Connection> {
    this.defaults.onSecret?.(spec.password);
    this.defaults.onSecret?.(spec.privateKeyPassphrase);
    try {
      return await openConnection(spec, opts);
    } finally {
      // a key passphrase asked on the terminal while connecting
      for (const answer of hiddenAnswers()) this.defaults.onSecret?.(answer);
    }
  }

  /** The host's connection, opened on first use; failures to open become UnreachableError. */
  lazy(host: string, vars: Record<string, unknown>): Connection {
    // what the connection is made of, not the variables it was told from: the lazy connection
    // lives for the whole run, and keeping the first task's variables alive with it for every
    // host made V8 move all such short-lived objects of every later task to the old generation
    let id: { key: string; spec?: ConnectionSpec } | undefined;
    let bad: unknown;
    try {
      id = this.identify(host, vars);
    } catch (e) {
      bad = e; // the bad variable is reported by the first use
    }
    const named = connectionName(host, vars, this.defaults.connection);
    const key = id?.key ?? `invalid ${host} ${named}`;
    let l = this.lazies.get(key);
    if (!l) {
      const known = id;
      l = new LazyConnection(
        host,
        (opts) => {
          if (!known) throw bad;
          return this.opened(host, known, opts).catch((e: unknown) => {
            if (e instanceof UnreachableError) throw e;
            throw new UnreachableError(host, `cannot connect: ${(e as Error).message}`);
          });
        },
        connectionKind(named) === 'local' ? 'local' : 'ssh',
        missingConnection(named),
      );
      this.lazies.set(key, l);
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

function isLocal(host: string, vars: Record<string, unknown>, byDefault?: string): boolean {
  return connectionKind(connectionName(host, vars, byDefault)) === 'local';
}

/**
 * The connection plugin the host's tasks use: its variable (or keyword), else `byDefault` (-c or
 * [defaults] transport), else ssh; a localhost naming none runs locally whatever the default.
 */
function connectionName(host: string, vars: Record<string, unknown>, byDefault?: string): string {
  const c = vars.ansible_connection;
  if (c !== undefined && c !== null && c !== '') return String(c);
  if (host === 'localhost' || host === '127.0.0.1') return 'local';
  return byDefault ?? 'ssh';
}

/**
 * Ansible's TaskExecutor loads the connection plugin once `when` passes, before any action (debug
 * too): one fabplay lacks fails the task (a loop's at its first item that runs, for all items).
 */
export function refuseMissingConnection(conn: Connection): void {
  if (conn instanceof LazyConnection && conn.missing) throw new Error(conn.missing);
}

/**
 * A connection that opens on first use, so a play of debug/set_fact/assert tasks never
 * connects, and a host is reported unreachable by the first task that needs it.
 */
export class LazyConnection implements Connection {
  private real?: Promise<Connection>;
  /** the connection is open: asking it ahead of a task opens nothing the task would not */
  opened = false;
  constructor(
    readonly host: string,
    private open: (opts?: ReconnectOptions) => Promise<Connection>,
    readonly kind: string,
    /** the connection plugin is one fabplay lacks: what each task of the host fails with (missing.ts) */
    readonly missing?: string,
  ) {
    // a local connection has no link to make again (reboot refuses it)
    if (kind === 'local') this.reconnect = undefined;
  }

  private c(opts?: ReconnectOptions): Promise<Connection> {
    if (!this.real) this.real = this.open(opts).then((c) => ((this.opened = true), c));
    return this.real;
  }

  /**
   * The link dropped and made again (reboot, wait_for_connection): an open connection reconnects
   * itself; one that never opened is opened anew (its failed opening is not kept).
   */
  reconnect? = async (opts?: ReconnectOptions): Promise<void> => {
    const open = this.real && (await this.real.catch(() => undefined));
    if (open) {
      await open.reconnect?.(opts);
      return;
    }
    this.real = undefined;
    await this.c(opts);
  };

  /** meta: reset_connection: an open connection ends for good; one never opened has nothing to end. */
  async reset(): Promise<void> {
    const open = this.real && (await this.real.catch(() => undefined));
    await open?.reset?.();
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
  /** Only on a connection already open: asking it ahead never connects. */
  prepareCommands(): void {
    if (this.opened) void this.real!.then((c) => c.prepareCommands?.());
  }
  async close(): Promise<void> {
    if (this.real) await (await this.real.catch(() => undefined))?.close();
  }
}
