// Connections: builds a connection spec from host vars and opens SSH or local connections.
import { InputError } from '../errors.js';
import { LocalConnection } from './local.js';
import { askHidden } from './prompt.js';
import { parseSshArgs } from './ssh-args.js';
import { configFileOf, sshConfigFor } from './ssh-config-file.js';
import { quote } from '../util/shell.js';
import { controlPersistSec, sshOptionText } from './keeper/persist.js';
import { importOwn } from '../util/import-own.js';
import { stopPretenuring } from './pretenuring.js';
import type { Connection, ConnectionSpec, ReconnectOptions } from './types.js';
import { CONNECTION_VARS as V } from './var-names.js';
import { connectionKind } from './kind.js';
import { missingConnection } from './missing.js';

export { connectionKind } from './kind.js';
export { missingConnection } from './missing.js';

export { LocalConnection } from './local.js';
export { askHidden, hiddenAnswers } from './prompt.js';

function first(vars: Record<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) if (vars[n] !== undefined && vars[n] !== null && vars[n] !== '') return vars[n];
  return undefined;
}

function str(v: unknown): string | undefined {
  return v === undefined ? undefined : String(v);
}

function seconds(v: unknown, what: string, host: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new InputError(`host ${host}: ${what} must be a number of seconds (got '${String(v)}')`);
  return Math.round(n * 1000);
}

function retries(v: unknown, host: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InputError(
      `host ${host}: ansible_ssh_retries must be a whole number of attempts (got '${String(v)}')`,
    );
  return n;
}

/** ansible_host_key_checking (bool), fabplay_host_key_checking, or StrictHostKeyChecking in the ssh args. */
function hostKeyPolicy(v: unknown, host: string): ConnectionSpec['hostKeyChecking'] | undefined {
  if (v === undefined) return undefined;
  const s = String(v).toLowerCase();
  if (['strict', 'yes', 'true', '1', 'on'].includes(s)) return 'strict';
  if (['accept-new', 'accept_new'].includes(s)) return 'accept-new';
  if (['off', 'no', 'false', '0'].includes(s)) return 'off';
  throw new InputError(
    `host ${host}: host key checking must be strict, accept-new or off (got '${String(v)}')`,
  );
}

/** What hosts get where their variables say nothing; `connection` is a plugin's name (-c, [defaults] transport). */
export type ConnectionDefaults = Omit<Partial<ConnectionSpec>, 'connection'> & { connection?: string };

/**
 * The connection variables of a host (ansible_host, ansible_port, ansible_user, ...) with
 * defaults (config and command-line flags). Inventory variables win over defaults, as in Ansible.
 */
export function connectionSpecFor(
  host: string,
  vars: Record<string, unknown>,
  defaults: ConnectionDefaults,
): ConnectionSpec {
  let common = [
    str(first(vars, V.sshCommonArgs)) ?? defaults.sshCommonArgs,
    str(first(vars, V.sshExtraArgs)) ?? defaults.sshExtraArgs,
  ]
    .filter((x) => x)
    .join(' ');
  const sshArgs = str(first(vars, V.sshArgs)) ?? defaults.sshArgs;
  let address = str(first(vars, V.address)) ?? defaults.address ?? host;
  let args: ReturnType<typeof parseSshArgs>;
  try {
    const fromFile = configFileOptions(sshOptionText({ sshArgs, sshCommonArgs: common }), address);
    if (fromFile) {
      address = fromFile.address;
      common = [common, ...fromFile.options].filter((x) => x).join(' ');
    }
    args = parseSshArgs(sshOptionText({ sshArgs, sshCommonArgs: common }));
    // refused here, before any connection, as OpenSSH refuses it at its start
    if (args.controlPersist && args.controlPersist !== 'no') controlPersistSec(args.controlPersist);
  } catch (e) {
    throw new InputError(`host ${host}: ssh args: ${(e as Error).message}`);
  }
  const named = str(first(vars, V.connection)) ?? defaults.connection ?? 'ssh';
  const connection = connectionKind(named);
  if (!connection) throw new InputError(missingConnection(named)!);
  const port = Number(first(vars, V.port) ?? args.port ?? defaults.port ?? 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new InputError(`host ${host}: invalid ansible_port '${String(port)}'`);
  return {
    host,
    connection,
    address,
    port,
    user: str(first(vars, V.user)) ?? args.user ?? defaults.user,
    password: str(first(vars, V.password)) ?? defaults.password,
    privateKeyFile: str(first(vars, V.privateKeyFile)) ?? args.identityFile ?? defaults.privateKeyFile,
    privateKeyPassphrase: str(first(vars, V.privateKeyPassphrase)) ?? defaults.privateKeyPassphrase,
    knownHostsFile: str(first(vars, V.knownHostsFile)) ?? args.userKnownHostsFile ?? defaults.knownHostsFile,
    hostKeyChecking:
      hostKeyPolicy(first(vars, V.hostKeyChecking), host) ??
      hostKeyPolicy(args.strictHostKeyChecking, host) ??
      defaults.hostKeyChecking ??
      'strict',
    connectTimeoutMs:
      seconds(first(vars, V.connectTimeout), 'ansible_timeout', host) ??
      (args.connectTimeoutSec !== undefined ? args.connectTimeoutSec * 1000 : undefined) ??
      defaults.connectTimeoutMs ??
      10000,
    connectRetries: retries(first(vars, V.connectRetries), host) ?? defaults.connectRetries,
    commandTimeoutMs:
      seconds(first(vars, V.commandTimeout), 'fabplay_command_timeout', host) ?? defaults.commandTimeoutMs,
    jumpHost: str(first(vars, V.jumpHost)) ?? args.proxyJump ?? defaults.jumpHost,
    sshArgs,
    sshCommonArgs: common || undefined,
    controlPathDir: str(first(vars, V.controlPathDir)) ?? defaults.controlPathDir,
  };
}

/**
 * What an `-F FILE` among the ssh options sets for `address`: its options as `-o Key=Value` words
 * (after the given ones, which win as in OpenSSH) and its HostName (`%h` is the address).
 */
function configFileOptions(
  text: string,
  address: string,
): { address: string; options: string[] } | undefined {
  const file = configFileOf(text);
  if (file === undefined) return undefined;
  const cfg = sshConfigFor(file, address);
  const options = [...cfg].filter(([k]) => k !== 'hostname').map(([k, v]) => `-o ${quote(`${k}=${v}`)}`);
  return { address: cfg.get('hostname')?.replace(/%h/g, address) ?? address, options };
}

/** Opens a connection (ssh or local); throws UnreachableError when it cannot. */
export async function openConnection(spec: ConnectionSpec, opts?: ReconnectOptions): Promise<Connection> {
  if (spec.connection === 'local') return new LocalConnection(spec.host);
  stopPretenuring();
  // the SSH code (ssh2 and fabplay's ~15 files around it) is loaded by the first SSH connection
  const { SshConnection } = await importOwn<typeof import('./ssh.js')>('./ssh.js', import.meta.url);
  const { keyNeedsPassphrase } = await importOwn<typeof import('./ssh-auth.js')>(
    './ssh-auth.js',
    import.meta.url,
  );
  let s = spec;
  if (s.privateKeyFile && s.privateKeyPassphrase === undefined && keyNeedsPassphrase(s.privateKeyFile)) {
    const answer = askHidden(`Enter passphrase for key '${s.privateKeyFile}': `, `key:${s.privateKeyFile}`);
    if (answer !== undefined) s = { ...s, privateKeyPassphrase: answer };
  }
  const conn = new SshConnection(s);
  await conn.connect(opts);
  return conn;
}

/** One connection per host for the whole run: opened on first use, closed together at the end. */
export class ConnectionCache {
  private conns = new Map<string, Promise<Connection>>();

  get(spec: ConnectionSpec): Promise<Connection> {
    let c = this.conns.get(spec.host);
    if (!c) {
      c = openConnection(spec);
      this.conns.set(spec.host, c);
      c.catch(() => this.conns.delete(spec.host));
    }
    return c;
  }

  async closeAll(): Promise<void> {
    const all = [...this.conns.values()];
    this.conns.clear();
    await Promise.all(all.map((p) => p.then((c) => c.close()).catch(() => {})));
  }
}
