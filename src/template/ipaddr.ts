import { FilterError } from './errors.js';
import { pyStr } from './python.js';
import type { FilterTable } from './filters/types.js';

/**
 * ansible.utils.ipaddr and friends (netaddr semantics) for IPv4 and IPv6, on BigInt:
 * `'10.1.2.3/24' | ansible.utils.ipaddr('network')` -> '10.1.2.0'.
 */

interface Net {
  version: 4 | 6;
  ip: bigint;
  prefix: number;
  /** true when the text had a `/prefix` (netaddr's "network" vtype) */
  cidr: boolean;
}

const BITS: Record<4 | 6, number> = { 4: 32, 6: 128 };

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return undefined;
  let tail: bigint[] = [];
  let text = s;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = parseV4(v4[1]!);
    if (n === undefined) return undefined;
    tail = [n >> 16n, n & 0xffffn];
    text = s.slice(0, -v4[1]!.length) + (s.endsWith('::' + v4[1]) ? '' : '');
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const words = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const head = words(halves[0]!);
  const back = halves.length === 2 ? words(halves[1]!) : [];
  const total = 8 - tail.length;
  if (halves.length === 1 && head.length !== total) return undefined;
  if (head.length + back.length > total) return undefined;
  const fill = halves.length === 2 ? Array(total - head.length - back.length).fill('0') : [];
  const all = [...head, ...fill, ...back];
  if (!all.every((w) => /^[0-9a-fA-F]{1,4}$/.test(w))) return undefined;
  return [...all.map((w) => BigInt(parseInt(w, 16))), ...tail].reduce((acc, w) => (acc << 16n) | w, 0n);
}

function prefixFromMask(mask: bigint, bits: number): number | undefined {
  const inv = ~mask & ((1n << BigInt(bits)) - 1n);
  if ((inv & (inv + 1n)) !== 0n) return undefined;
  return bits - inv.toString(2).replace(/^0+/, '').length;
}

export function parseNet(value: unknown): Net | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    return value <= 0xffffffff
      ? { version: 4, ip: BigInt(value), prefix: 32, cidr: false }
      : { version: 6, ip: BigInt(value), prefix: 128, cidr: false };
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const [addr, pre, ...rest] = text.split('/');
  if (rest.length || !addr) return undefined;
  let version: 4 | 6 = 4;
  let ip = parseV4(addr);
  if (ip === undefined) {
    ip = parseV6(addr);
    version = 6;
  }
  if (ip === undefined) return undefined;
  const bits = BITS[version];
  let prefix: number = bits;
  if (pre !== undefined) {
    if (/^\d+$/.test(pre)) prefix = Number(pre);
    else if (version === 4 && parseV4(pre) !== undefined) {
      const p = prefixFromMask(parseV4(pre)!, 32);
      if (p === undefined) return undefined;
      prefix = p;
    } else return undefined;
    if (prefix > bits) return undefined;
  }
  return { version, ip, prefix, cidr: pre !== undefined };
}

export function formatIp(ip: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip >> s) & 0xffn)).join('.');
  const words = Array.from({ length: 8 }, (_, i) => Number((ip >> BigInt(112 - i * 16)) & 0xffffn));
  // RFC 5952: the longest run (>= 2) of zero words becomes ::
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLen).join(':');
}

function mask(n: Net): bigint {
  const bits = BigInt(BITS[n.version]);
  const host = bits - BigInt(n.prefix);
  return ((1n << bits) - 1n) ^ ((1n << host) - 1n);
}
const size = (n: Net): bigint => 1n << BigInt(BITS[n.version] - n.prefix);
const network = (n: Net): bigint => n.ip & mask(n);
const broadcast = (n: Net): bigint => network(n) | (size(n) - 1n);
const fmt = (n: Net, ip: bigint): string => formatIp(ip, n.version);
const cidr = (n: Net): string => `${fmt(n, n.ip)}/${n.prefix}`;

type Query = (n: Net, value: unknown) => unknown;

const queries: Record<string, Query> = {
  '': (n) => (n.cidr ? cidr(n) : fmt(n, n.ip)),
  address: (n) =>
    size(n) === 1n || n.ip !== network(n) || size(n) <= 2n || n.version === 6 ? fmt(n, n.ip) : null,
  ip: (n) => queries.address!(n, undefined),
  host: (n) =>
    size(n) === 1n ? `${fmt(n, n.ip)}/${n.prefix}` : n.ip !== network(n) || size(n) <= 2n ? cidr(n) : null,
  'host/prefix': (n) => (size(n) > 2n && (n.ip === network(n) || n.ip === broadcast(n)) ? false : cidr(n)),
  'address/prefix': (n) => queries['host/prefix']!(n, undefined),
  network: (n) => fmt(n, network(n)),
  network_id: (n) => fmt(n, network(n)),
  subnet: (n) => `${fmt(n, network(n))}/${n.prefix}`,
  'network/prefix': (n) => `${fmt(n, network(n))}/${n.prefix}`,
  net: (n) => (size(n) > 1n && n.ip === network(n) ? `${fmt(n, network(n))}/${n.prefix}` : null),
  netmask: (n) => fmt(n, mask(n)),
  hostmask: (n) => fmt(n, size(n) - 1n),
  broadcast: (n) => (size(n) > 2n ? fmt(n, broadcast(n)) : null),
  prefix: (n) => n.prefix,
  cidr: (n) => cidr(n),
  size: (n) => Number(size(n)),
  version: (n) => n.version,
  type: (n) => (size(n) === 1n || n.ip !== network(n) ? 'address' : 'network'),
  network_netmask: (n) => `${fmt(n, network(n))} ${fmt(n, mask(n))}`,
  ip_netmask: (n) =>
    size(n) === 2n || (size(n) > 1n && n.ip !== network(n)) ? `${fmt(n, n.ip)} ${fmt(n, mask(n))}` : null,
  first_usable: (n) => (size(n) === 2n ? fmt(n, network(n)) : size(n) > 1n ? fmt(n, network(n) + 1n) : null),
  last_usable: (n) =>
    size(n) === 2n ? fmt(n, broadcast(n)) : size(n) > 1n ? fmt(n, broadcast(n) - 1n) : null,
  range_usable: (n) =>
    size(n) > 1n ? `${queries.first_usable!(n, undefined)}-${queries.last_usable!(n, undefined)}` : null,
  size_usable: (n) => (size(n) === 1n ? 0 : size(n) === 2n ? 2 : Number(size(n) - 2n)),
  int: (n) => (n.cidr ? `${n.ip}/${n.prefix}` : Number(n.ip)),
  ipv4: (n, v) => (n.version === 4 ? v : false),
  ipv6: (n, v) => (n.version === 6 ? v : false),
  bool: () => true,
  private: (n, v) =>
    n.version === 4 && isPrivate4(n.ip) ? v : n.version === 6 && n.ip >> 121n === 0x7en ? v : null,
  public: (n, v) => (n.version === 4 && !isPrivate4(n.ip) && !isSpecial4(n.ip) ? v : null),
  loopback: (n, v) =>
    (n.version === 4 && n.ip >> 24n === 127n) || (n.version === 6 && n.ip === 1n) ? v : null,
  wrap: (n, v) => (n.version === 6 ? (n.cidr ? `[${fmt(n, n.ip)}]/${n.prefix}` : `[${fmt(n, n.ip)}]`) : v),
};
queries.v4 = queries.ipv4!;
queries.v6 = queries.ipv6!;
queries.lo = queries.loopback!;

function inRange(ip: bigint, base: string, pre: number): boolean {
  const b = parseV4(base)!;
  const m = ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - pre)) - 1n);
  return (ip & m) === (b & m);
}
function isPrivate4(ip: bigint): boolean {
  return inRange(ip, '10.0.0.0', 8) || inRange(ip, '172.16.0.0', 12) || inRange(ip, '192.168.0.0', 16);
}
function isSpecial4(ip: bigint): boolean {
  return (
    inRange(ip, '127.0.0.0', 8) ||
    inRange(ip, '169.254.0.0', 16) ||
    inRange(ip, '0.0.0.0', 8) ||
    ip >> 28n >= 14n
  );
}

function contains(outer: Net, inner: Net): boolean {
  if (outer.version !== inner.version || inner.prefix < outer.prefix) return false;
  return (inner.ip & mask(outer)) === network(outer);
}

/** netaddr's ipaddr(value, query, version); a list is filtered element-wise. */
export function ipaddr(value: unknown, query: unknown = '', version?: 4 | 6): unknown {
  if (Array.isArray(value))
    return value.map((v) => ipaddr(v, query, version)).filter((v) => v !== null && v !== false && v !== '');
  if (!value || value === true) return false;
  const n = parseNet(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  if (!n) return false;
  if (version && n.version !== version) return false;
  const q = query === undefined || query === null ? '' : pyStr(query);
  const fn = queries[q];
  if (fn) return fn(n, value);
  const subnet = parseNet(q);
  if (subnet && q.includes('/')) return contains(subnet, n) ? value : false;
  if (/^-?\d+$/.test(q)) {
    // an index into the network: '10.0.0.0/24' | ipaddr(5) -> '10.0.0.5/24'
    const i = BigInt(q);
    const ip = i >= 0n ? network(n) + i : broadcast(n) + 1n + i;
    if (ip < network(n) || ip > broadcast(n)) return false;
    return size(n) === 1n ? fmt(n, n.ip) : `${fmt(n, ip)}/${n.prefix}`;
  }
  throw new FilterError(`ipaddr: unknown filter type: ${q}`);
}

function nthhost(value: unknown, query: unknown): unknown {
  const n = parseNet(value);
  if (!n) return false;
  const i = BigInt(Number(query));
  const ip = i >= 0n ? network(n) + i : broadcast(n) + 1n + i;
  if (ip < network(n) || ip > broadcast(n)) return false;
  return fmt(n, ip);
}

function ipmath(value: unknown, amount: unknown): string {
  const n = parseNet(value);
  if (!n) throw new FilterError(`ipmath: you must pass a valid IP address; ${pyStr(value)} is invalid`);
  const ip = n.ip + BigInt(Number(amount));
  if (ip < 0n || ip >= 1n << BigInt(BITS[n.version])) throw new FilterError('ipmath: result out of range');
  return fmt(n, ip);
}

function ipwrap(value: unknown, query: unknown = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => ipwrap(v, query));
  const n = parseNet(value);
  if (!n) return value;
  return n.version === 6 ? queries.wrap!(n, value) : value;
}

const base: FilterTable = {
  ipaddr: (value, query = '') => ipaddr(value, query),
  ipv4: (value, query = '') => ipaddr(value, query, 4),
  ipv6: (value, query = '') => ipaddr(value, query, 6),
  ipwrap: (value, query = '') => ipwrap(value, query),
  nthhost: (value, query) => nthhost(value, query),
  ipmath: (value, amount) => ipmath(value, amount),
  network_in_usable: (value, test) => {
    const outer = parseNet(value);
    const inner = parseNet(test);
    return (
      !!outer && !!inner && contains(outer, inner) && inner.ip > network(outer) && inner.ip < broadcast(outer)
    );
  },
  network_in_network: (value, test) => {
    const outer = parseNet(value);
    const inner = parseNet(test);
    return !!outer && !!inner && contains(outer, inner);
  },
};

/** Under the bare names and the collection names playbooks use. */
export const ipFilters: FilterTable = Object.fromEntries(
  Object.entries(base).flatMap(([name, fn]) => [
    [name, fn],
    [`ansible.utils.${name}`, fn],
    [`ansible.netcommon.${name}`, fn],
  ]),
);
