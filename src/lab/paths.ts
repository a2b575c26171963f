import { createHash } from 'node:crypto';

/** Where every lab keeps its state: a tmpfs per lab, so `lab down` is one unmount. */
export const LAB_ROOT = '/run/fabplay-lab';
/** Every namespace a lab makes starts with this, so nothing else is ever touched. */
export const NS_PREFIX = 'fpl-';

export function labDir(lab: string): string {
  return `${LAB_ROOT}/${lab}`;
}

export function mgmtNs(lab: string): string {
  return `${NS_PREFIX}${lab}-mgmt`;
}

export function hostNs(lab: string, host: string): string {
  return `${NS_PREFIX}${lab}-${host}`;
}

export function clientNs(lab: string, n: number): string {
  return `${NS_PREFIX}${lab}-c${n}`;
}

export function netnsPath(ns: string): string {
  return `/run/netns/${ns}`;
}

/** A lab name is used in namespace names and paths: keep it short and plain. */
export function validLabName(name: string): boolean {
  return /^[a-z0-9][a-z0-9_]{0,23}$/.test(name);
}

/** The most hosts a lab has (gate clients included): a bridge takes at most 1024 ports. */
export const MAX_LAB_HOSTS = 1000;

/**
 * Each lab gets its own management subnet, a /20 derived from its name: labs live in separate
 * namespaces anyway, but distinct addresses keep OpenSSH ControlPaths and known_hosts apart.
 */
export function mgmtSubnet(lab: string): {
  prefixLength: number;
  gateway: string;
  hostAddr: (i: number) => string;
} {
  const h = createHash('sha256').update(lab).digest();
  // 10.64.x.x to 10.98.x.x: below the fabric segments' 10.99.s.0/24, which a host holding both
  // would route wrongly (a management gateway equal to a PXE server's fabric address)
  const a = 64 + (h[0]! % 35);
  const b = 16 * (h[1]! % 16);
  const addr = (n: number) => `10.${a}.${b + (n >> 8)}.${n & 255}`;
  return { prefixLength: 20, gateway: addr(1), hostAddr: (i) => addr(10 + i) };
}

/**
 * Fixed MAC addresses on the management network (host i's eth0, and the bridge as 0): each side
 * gets a permanent neighbour entry for the other, so a large lab takes nothing from the kernel's
 * neighbour table, which all namespaces share (1024 dynamic entries by default).
 */
export function mgmtMac(i: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `02:fa:00:00:${hex((i >> 8) & 255)}:${hex(i & 255)}`;
}

/** Fabric segment s: the PXE server (host s) takes .1, clients get theirs from its DHCP server. */
export function fabricAddr(segment: number): string {
  return `10.99.${segment}.1`;
}

/** The Unix socket the lab's relay (lab/relay.ts) listens on for one host's sshd. */
export function relaySocketDir(lab: string): string {
  return `${labDir(lab)}/ssh`;
}

/**
 * The controller reaches a lab host's sshd through this (OpenSSH and fabplay alike): a Unix
 * socket of the lab's relay, which runs in the management namespace and connects on to the host
 * (TCP_NODELAY: a command of a few KB in several small segments must not wait on a delayed ACK).
 * fabplay connects to such a socket itself, without starting socat (connection/proxy-socket.ts).
 */
export function proxyCommand(lab: string): string {
  return `socat - UNIX-CONNECT:${relaySocketDir(lab)}/%h`;
}
