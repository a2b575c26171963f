import { isIP } from 'node:net';
import { ModuleFailure } from '../lib/args.js';
import type { ModuleContext } from '../types.js';

/**
 * wait_for's state=drained, as Ansible's LinuxTCPConnectionInfo: the connections to a local port
 * are counted in the host's /proc/net/tcp and tcp6 (addresses as the kernel writes them: each
 * 4-byte word of the address in host order, hex), by state, leaving out excluded remote hosts.
 */

const STATE_IDS: Record<string, string> = {
  ESTABLISHED: '01',
  SYN_SENT: '02',
  SYN_RECV: '03',
  FIN_WAIT1: '04',
  FIN_WAIT2: '05',
  TIME_WAIT: '06',
};
export const DEFAULT_ACTIVE_STATES = [
  'ESTABLISHED',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'SYN_RECV',
  'SYN_SENT',
  'TIME_WAIT',
];

type Family = 4 | 6;
interface HexAddress {
  family: Family;
  hex: string;
}

const MATCH_ALL: Record<Family, string> = { 4: '00000000', 6: '0'.repeat(32) };
const MAPPED_PREFIX = '0000000000000000FFFF0000';
const MAPPED_MATCH_ALL = '0000000000000000FFFF000000000000';

function bytesOf(ip: string, family: Family): number[] {
  if (family === 4) return ip.split('.').map(Number);
  // expand :: and an embedded IPv4 tail into 8 groups of 16 bits
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    text = `${text.slice(0, -v4[1]!.length)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

/** An address as /proc/net/tcp* writes it on a little-endian host (pure). */
export function procHex(ip: string, family: Family): string {
  const bytes = bytesOf(ip, family);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4)
    out += bytes
      .slice(i, i + 4)
      .reverse()
      .map((b) => b.toString(16).toUpperCase().padStart(2, '0'))
      .join('');
  return out;
}

/** Ansible's _convert_host_to_hex over resolved addresses: an IPv4 one also as ::ffff:a.b.c.d (pure). */
export function hexAddresses(ips: string[]): HexAddress[] {
  const out: HexAddress[] = [];
  for (const ip of ips) {
    const family = isIP(ip) as Family;
    out.push({ family, hex: procHex(ip, family) });
    if (family === 4) out.push({ family: 6, hex: procHex(`::ffff:${ip}`, 6) });
  }
  return out;
}

/** The addresses a host name stands for, asked of the host's resolver (getaddrinfo, as Python's). */
export async function resolveOnHost(ctx: ModuleContext, host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  const r = await ctx.probe(['getent', 'ahosts', host], { allowFail: true, become: false });
  const ips = [
    ...new Set(
      r.stdout
        .split('\n')
        .map((l) => l.split(/\s+/)[0]!)
        .filter((ip) => isIP(ip)),
    ),
  ];
  if (!ips.length) throw new ModuleFailure(`[Errno -2] Name or service not known: ${host}`);
  return ips;
}

export function stateIds(states: string[]): string[] {
  return states.map((s) => {
    const id = STATE_IDS[s];
    if (!id)
      throw new ModuleFailure(
        `active_connection_states: ${s} is not a TCP state wait_for knows (${Object.keys(STATE_IDS).join(', ')})`,
      );
    return id;
  });
}

export interface DrainWatch {
  port: number;
  ips: HexAddress[];
  exclude: HexAddress[];
  states: string[];
}

/** Active connections to the port in `@@4`/`@@6`-headed /proc/net/tcp and tcp6 texts (pure). */
export function countActive(proc: string, w: DrainWatch): number {
  const port = w.port.toString(16).toUpperCase().padStart(4, '0');
  const has = (list: HexAddress[], family: Family, hex: string) =>
    list.some((a) => a.family === family && a.hex === hex);
  let family: Family = 4;
  let count = 0;
  for (const line of proc.split('\n')) {
    if (line.startsWith('@@')) {
      family = line === '@@6' ? 6 : 4;
      continue;
    }
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || f[1] === 'local_address' || !w.states.includes(f[3]!)) continue;
    const [localIp, localPort] = f[1]!.split(':') as [string, string];
    if (localPort !== port) continue;
    if (has(w.exclude, family, f[2]!.split(':')[0]!)) continue;
    if (
      has(w.ips, family, localIp) ||
      has(w.ips, family, MATCH_ALL[family]) ||
      (localIp.startsWith(MAPPED_PREFIX) && has(w.ips, family, MAPPED_MATCH_ALL))
    )
      count++;
  }
  return count;
}

export const PROC_TCP =
  'for f in 4:/proc/net/tcp 6:/proc/net/tcp6; do echo "@@${f%%:*}"; cat "${f#*:}" 2>/dev/null; done; exit 0';
