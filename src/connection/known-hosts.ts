import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { homedir } from 'node:os';
import { ParsedFiles } from '../util/parsed-files.js';

export type HostKeyVerdict =
  { ok: true; added?: boolean } | { ok: false; reason: 'unknown' | 'changed'; message: string };

interface Entry {
  patterns: string;
  keyType: string;
  key: Buffer;
  line: number;
  marker?: string;
}

export function defaultKnownHostsFile(): string {
  return `${homedir()}/.ssh/known_hosts`;
}

/** How OpenSSH names a host in known_hosts: `addr`, or `[addr]:port` off port 22. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside an SSH public key blob (its first string). */
export function blobKeyType(key: Buffer): string {
  if (key.length < 4) return '';
  const n = key.readUInt32BE(0);
  return key.subarray(4, 4 + n).toString();
}

/**
 * A known_hosts file's entries, those naming plain hosts indexed by name: looking each host up
 * by scanning every line cost a thousand-host run a million pattern matches.
 */
interface KnownHosts {
  byName: Map<string, Entry[]>;
  /** hashed names and wildcard or negated patterns: matched one by one */
  patterned: Entry[];
  revoked: Entry[];
}

function indexEntries(bytes: Buffer): KnownHosts {
  const k: KnownHosts = { byName: new Map(), patterned: [], revoked: [] };
  for (const e of parseEntries(bytes)) {
    if (e.marker === '@revoked') k.revoked.push(e);
    if (e.marker !== undefined) continue;
    if (e.patterns.startsWith('|') || /[*?!]/.test(e.patterns)) k.patterned.push(e);
    else
      for (const name of new Set(e.patterns.toLowerCase().split(','))) {
        const list = k.byName.get(name);
        if (list) list.push(e);
        else k.byName.set(name, [e]);
      }
  }
  return k;
}

function parseEntries(bytes: Buffer): Entry[] {
  const entries: Entry[] = [];
  bytes
    .toString('utf8')
    .split('\n')
    .forEach((raw, idx) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const f = line.split(/\s+/);
      let marker: string | undefined;
      if (f[0]!.startsWith('@')) marker = f.shift();
      if (f.length < 3) return;
      entries.push({
        patterns: f[0]!,
        keyType: f[1]!,
        key: Buffer.from(f[2]!, 'base64'),
        line: idx + 1,
        marker,
      });
    });
  return entries;
}

const knownHostsFiles = new ParsedFiles(indexEntries);

function readEntries(file: string): KnownHosts {
  try {
    return knownHostsFiles.get(file);
  } catch {
    return { byName: new Map(), patterned: [], revoked: [] };
  }
}

/** The unmarked entries naming `name`, in file order. */
function entriesFor(file: string, name: string): Entry[] {
  const k = readEntries(file);
  return [
    ...(k.byName.get(name.toLowerCase()) ?? []),
    ...k.patterned.filter((e) => hostMatches(e.patterns, name)),
  ].sort((a, b) => a.line - b.line);
}

const globs = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  const known = globs.get(glob);
  if (known) return known;
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const re = new RegExp(`^${body}$`, 'i');
  globs.set(glob, re);
  return re;
}

/** Whether a known_hosts host field (patterns, negations, or a hashed `|1|salt|hash`) names `name`. */
export function hostMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(name)) return false;
    } else if (globToRegExp(p).test(name)) matched = true;
  }
  return matched;
}

/**
 * Checks a server's host key against a known_hosts file. A key that differs from the one on
 * record is refused whatever the policy; an unknown host is refused under `strict`, recorded
 * under `accept-new`, let through under `off`.
 */
export function verifyHostKey(
  file: string,
  address: string,
  port: number,
  key: Buffer,
  policy: 'strict' | 'accept-new' | 'off',
  hostLabel: string,
): HostKeyVerdict {
  const name = knownHostsName(address, port);
  const type = blobKeyType(key);
  const mine = entriesFor(file, name);
  const revoked = readEntries(file).revoked.some((e) => e.key.equals(key));
  if (revoked) {
    return {
      ok: false,
      reason: 'changed',
      message: `host key ${fingerprint(key)} of ${hostLabel} (${name}) is marked @revoked in ${file}`,
    };
  }
  if (mine.some((e) => e.key.equals(key))) return { ok: true };
  const sameType = mine.filter((e) => e.keyType === type);
  if (sameType.length > 0) {
    const old = sameType[0]!;
    const message = [
      '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
      '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
      '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
      `The ${type} host key of ${hostLabel} (${name}) is ${fingerprint(key)},`,
      `but ${file}:${old.line} records ${fingerprint(old.key)}.`,
      'Someone could be eavesdropping on you right now (man-in-the-middle attack),',
      'or the host was reinstalled. fabplay refuses to connect, whatever --host-key-checking says.',
      `If you know the key changed for a good reason, remove the old one: ssh-keygen -f ${file} -R '${name}'`,
    ].join('\n');
    return { ok: false, reason: 'changed', message };
  }
  if (policy === 'off') return { ok: true };
  if (policy === 'accept-new') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    appendFileSync(file, `${name} ${type} ${key.toString('base64')}\n`, { mode: 0o600 });
    return { ok: true, added: true };
  }
  const portArg = port === 22 ? '' : `-p ${port} `;
  return {
    ok: false,
    reason: 'unknown',
    message:
      `host key of ${hostLabel} (${name}) is not known: ${type} ${fingerprint(key)} is not in ${file}. ` +
      `Check the fingerprint, then add it: ssh-keyscan ${portArg}${address} >> ${file} ` +
      `(or connect once with \`ssh ${address}\`), or run with --host-key-checking accept-new to record new hosts`,
  };
}

/**
 * Host key algorithms to ask the server for, so a host known by (say) its RSA key is checked
 * against that key rather than refused for offering an ed25519 one first. Empty: no preference.
 */
export function preferredHostKeyAlgorithms(file: string, address: string, port: number): string[] {
  const name = knownHostsName(address, port);
  const types = new Set(entriesFor(file, name).map((e) => e.keyType));
  const algos: string[] = [];
  for (const t of types) {
    if (t === 'ssh-rsa') algos.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
    else if (/^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521))$/.test(t)) algos.push(t);
  }
  return algos;
}
