/** ARPHRD_* link types Ansible names (linux/if_arp.h). */
const LINK_TYPES: Record<string, string> = {
  '1': 'ether',
  '32': 'infiniband',
  '772': 'loopback',
  '768': 'tunnel',
  '776': 'tunnel6',
};

export interface Ipv4 {
  address: string;
  broadcast: string;
  netmask: string;
  network: string;
  prefix: string;
}

export interface Ipv6 {
  address: string;
  prefix: string;
  scope: string;
}

export interface InterfaceFacts {
  device: string;
  active: boolean;
  type: string;
  macaddress: string;
  mtu: number;
  promisc: boolean;
  module?: string;
  /** a bridge's ports, id and STP state */
  interfaces?: string[];
  id?: string;
  stp?: boolean;
  ipv4?: Ipv4;
  ipv4_secondaries?: Ipv4[];
  ipv6?: Ipv6[];
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function ipv4Of(cidr: string, brd?: string): Ipv4 {
  const [address, p] = cidr.split('/') as [string, string | undefined];
  const prefix = Number(p ?? 32);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (ipToInt(address) & mask) >>> 0;
  // like Ansible: the broadcast address `ip` shows, or none
  const broadcast = brd ?? '';
  return { address, broadcast, netmask: intToIp(mask), network: intToIp(net), prefix: String(prefix) };
}

/** Fact key of an interface: Ansible replaces '-' and ':' by '_' (ansible_br_lan). */
export function interfaceKey(device: string): string {
  return device.replace(/[-:.]/g, '_');
}

/**
 * Interfaces from /sys/class/net lines (`name type address mtu operstate flags kind module`) and
 * `ip -o addr` lines, with the script's bridge lines (`name id stp port...`). An IPoIB interface keeps
 * its whole 20-byte hardware address.
 */
export function parseInterfaces(
  sysnet: string[],
  addrs: string[],
  bridges: string[] = [],
): Map<string, InterfaceFacts> {
  const ifs = new Map<string, InterfaceFacts>();
  for (const line of sysnet) {
    const [name, type, address, mtu, operstate, flags, kind, module] = line.trim().split(/\s+/);
    if (!name || !type) continue;
    const flagBits = Number(flags ?? '0');
    const facts: InterfaceFacts = {
      device: name,
      active: (flagBits & 0x1) !== 0 && operstate !== 'down',
      type: kind === 'bridge' ? 'bridge' : kind === 'bonding' ? 'bonding' : (LINK_TYPES[type] ?? 'unknown'),
      macaddress: address && address !== '-' ? address : '00:00:00:00:00:00',
      mtu: Number(mtu),
      promisc: (flagBits & 0x100) !== 0,
    };
    if (module && module !== '-') facts.module = module;
    ifs.set(name, facts);
  }
  for (const line of bridges) {
    const [name, id, stp, ...ports] = line.split(' ');
    const f = ifs.get(name!);
    if (!f) continue;
    f.interfaces = ports.filter((p) => p !== '');
    if (id !== '-') f.id = id;
    if (stp !== '-') f.stp = stp === '1';
  }
  for (const line of addrs) {
    // "2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\       valid_lft ..."
    const m = /^\d+:\s+(\S+)\s+(inet6?)\s+(\S+)(.*)$/.exec(line);
    if (!m) continue;
    const dev = m[1]!.replace(/@.*$/, '');
    const f = ifs.get(dev);
    if (!f) continue;
    const rest = m[4]!;
    if (m[2] === 'inet') {
      const v4 = ipv4Of(m[3]!, /\bbrd (\S+)/.exec(rest)?.[1]);
      if (!f.ipv4) f.ipv4 = v4;
      else (f.ipv4_secondaries ??= []).push(v4);
    } else {
      const [address, prefix] = m[3]!.split('/');
      (f.ipv6 ??= []).push({
        address: address!,
        prefix: prefix ?? '128',
        scope: /\bscope (\S+)/.exec(rest)?.[1] ?? 'global',
      });
    }
  }
  return ifs;
}

/** default_ipv4 / default_ipv6: the default route's interface, gateway and that interface's address. */
export function defaultRoute(
  routeLines: string[],
  ifs: Map<string, InterfaceFacts>,
  family: 4 | 6,
): Record<string, unknown> {
  const line = routeLines.find((l) => l.startsWith('default'));
  if (!line) return {};
  const dev = /\bdev (\S+)/.exec(line)?.[1];
  const gateway = /\bvia (\S+)/.exec(line)?.[1];
  const f = dev ? ifs.get(dev) : undefined;
  if (!dev || !f) return {};
  const base = { interface: dev, alias: dev, gateway, macaddress: f.macaddress, mtu: f.mtu, type: f.type };
  if (family === 4) return f.ipv4 ? { ...base, ...f.ipv4 } : base;
  const v6 = f.ipv6?.find((a) => a.scope === 'global');
  return v6 ? { ...base, ...v6 } : base;
}

/** Every network fact: interfaces, per-interface facts, default routes, all addresses. */
export function networkFacts(
  sysnet: string[],
  addrs: string[],
  route4: string[],
  route6: string[],
  bridges: string[] = [],
): Record<string, unknown> {
  const ifs = parseInterfaces(sysnet, addrs, bridges);
  const facts: Record<string, unknown> = {
    interfaces: [...ifs.keys()].sort(),
    default_ipv4: defaultRoute(route4, ifs, 4),
    default_ipv6: defaultRoute(route6, ifs, 6),
    all_ipv4_addresses: [...ifs.values()]
      .filter((f) => f.type !== 'loopback')
      .flatMap((f) =>
        [f.ipv4, ...(f.ipv4_secondaries ?? [])].filter((a): a is Ipv4 => !!a).map((a) => a.address),
      ),
    all_ipv6_addresses: [...ifs.values()]
      .filter((f) => f.type !== 'loopback')
      .flatMap((f) => (f.ipv6 ?? []).map((a) => a.address)),
  };
  for (const [name, f] of ifs) facts[interfaceKey(name)] = f;
  return facts;
}
