import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseSshArgs } from '../ssh-args.js';
import type { ConnectionSpec } from '../types.js';

/** How a host's connection outlives the run (OpenSSH's ControlMaster with ControlPersist). */
export interface Persistence {
  /** the keeper's socket for this connection: one per everything the connection is made of */
  socketPath: string;
  /** idle seconds before the kept connection ends; 0: kept until it drops */
  idleSec: number;
}

const UNIT_SEC: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** An sshd_config time (`60`, `90s`, `10m`, `1h30m`) in seconds; undefined if it is not one. */
export function sshTimeSec(text: string): number | undefined {
  if (!/^(\d+[smhdw]?)+$/i.test(text)) return undefined;
  let total = 0;
  for (const m of text.toLowerCase().matchAll(/(\d+)([smhdw]?)/g)) total += Number(m[1]) * UNIT_SEC[m[2]!]!;
  return total;
}

/**
 * The idle seconds of a ControlPersist other than `no` (0: kept until it drops, for `yes` or 0, as
 * OpenSSH reads it); throws on a value OpenSSH would refuse.
 */
export function controlPersistSec(value: string): number {
  const sec = value === 'yes' ? 0 : sshTimeSec(value);
  if (sec === undefined)
    throw new Error(`ControlPersist=${value}: expected yes, no or a time (60, 60s, 10m, 1h30m)`);
  return sec;
}

/** The ssh options a spec's connection is opened with: ssh_args first, as on Ansible's ssh command line. */
export function sshOptionText(spec: Pick<ConnectionSpec, 'sshArgs' | 'sshCommonArgs'>): string {
  return [spec.sshArgs, spec.sshCommonArgs].filter((x) => x).join(' ');
}

/**
 * Whether the connection is kept between runs: ControlMaster (yes, auto, ask or autoask) with a
 * ControlPersist other than `no`, as OpenSSH reads them from ssh_args or ssh_common_args.
 * Throws on a ControlPersist OpenSSH would refuse (connectionSpecFor refuses it first).
 */
export function persistenceOf(spec: ConnectionSpec): Persistence | undefined {
  const o = parseSshArgs(sshOptionText(spec));
  if (!o.controlMaster || o.controlMaster === 'no' || !o.controlPersist || o.controlPersist === 'no')
    return undefined;
  const idleSec = controlPersistSec(o.controlPersist);
  const dir = expandHome(spec.controlPathDir ?? '~/.ansible/cp');
  return { socketPath: join(dir, `fabplay-${connectionId(spec)}`), idleSec };
}

/**
 * Everything the connection is made of, hashed: a run that logs in another way (another user,
 * key, password, proxy or host key policy) never reuses it. OpenSSH's %C hashes less.
 */
function connectionId(spec: ConnectionSpec): string {
  const made = [
    spec.address,
    spec.port,
    spec.user ?? '',
    spec.password === undefined ? '' : createHash('sha256').update(spec.password).digest('hex'),
    spec.privateKeyFile ?? '',
    spec.knownHostsFile ?? '',
    spec.hostKeyChecking,
    spec.jumpHost ?? '',
    sshOptionText(spec),
  ];
  return createHash('sha256').update(JSON.stringify(made)).digest('hex').slice(0, 24);
}

function expandHome(p: string): string {
  return p === '~' ? homedir() : p.startsWith('~/') ? join(homedir(), p.slice(2)) : p;
}
