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

/**
 * Each lab gets its own management subnet, derived from its name: labs live in separate
 * namespaces anyway, but distinct addresses keep OpenSSH ControlPaths and known_hosts apart.
 */
export function mgmtSubnet(lab: string): {
  prefix: string;
  gateway: string;
  hostAddr: (i: number) => string;
} {
  const h = createHash('sha256').update(lab).digest();
  // 10.64.x.x to 10.98.x.x: below the fabric segments' 10.99.s.0/24, which a host holding both
  // would route wrongly (a management gateway equal to a PXE server's fabric address)
  const prefix = `10.${64 + (h[0]! % 35)}.${h[1]!}`;
  return { prefix, gateway: `${prefix}.1`, hostAddr: (i) => `${prefix}.${10 + i}` };
}

/** Fabric segment s: the PXE server (host s) takes .1, clients get theirs from its DHCP server. */
export function fabricAddr(segment: number): string {
  return `10.99.${segment}.1`;
}

/**
 * The controller reaches a lab host's sshd through this (OpenSSH and fabplay alike). socat, not
 * busybox nc: nc relays in 1 KB reads, so a command of a few KB left the pipe as several small TCP
 * segments and Nagle held the last one until the host's delayed ACK (40 ms per command).
 */
export function proxyCommand(lab: string): string {
  return `nsenter --net=${netnsPath(mgmtNs(lab))} socat - TCP:%h:%p,nodelay`;
}
