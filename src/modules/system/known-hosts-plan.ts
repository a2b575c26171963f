import { createHmac, randomBytes } from 'node:crypto';
import { fileLines, pySplit, pySplitLines } from '../../util/py-text.js';
import type { FileDiff } from '../types.js';

/**
 * The pure part of known_hosts: the hashed host field, the comparison of the wanted line with what
 * `ssh-keygen -F` found, and the new file text. Ansible's module decides the same way (its line
 * numbers come from ssh-keygen's `# Host ... found: line N` comments).
 */

/** A known_hosts line in parts: the marker (@cert-authority, @revoked), hosts, type, key. */
interface HostKey {
  marker?: string;
  host: string;
  type: string;
  key: string;
}

/** The parts of a known_hosts line; a trailing comment is left out. */
export function parseHostKey(line: string): HostKey | undefined {
  const k = pySplit(line);
  const [marker, rest] = k[0]?.startsWith('@') ? [k[0], k.slice(1)] : [undefined, k];
  if (rest.length < 3) return undefined;
  return { ...(marker === undefined ? {} : { marker }), host: rest[0]!, type: rest[1]!, key: rest[2]! };
}

/** The line with its host field hashed as `ssh-keygen -H` does (|1|salt|HMAC-SHA1 of the host). */
export function hashHostKey(host: string, key: string, salt = randomBytes(20)): string {
  const parts = pySplit(key);
  const i = parts[0]?.startsWith('@') ? 1 : 0;
  if (parts.length <= i) return key;
  const mac = createHmac('sha1', salt).update(host, 'utf8').digest();
  parts[i] = `|1|${salt.toString('base64')}|${mac.toString('base64')}`;
  return parts.join(' ');
}

/** What the file holds of the host, from `ssh-keygen -F host -f path`. */
export interface Search {
  found: boolean;
  /** a line of the same key type holds another key (or the wanted line is not there at all) */
  replaceOrAdd: boolean;
  /** the line (1-based) of the key found: the same one, or one of its type to replace */
  foundLine?: number;
}

/**
 * The search result for the wanted line, from the lines ssh-keygen printed for the host: the
 * first line that equals it (hosts, type, key; a hashed host field matches any hashed one) is
 * kept, the first of the same type before such a line is replaced.
 */
export function judgeFound(stdout: string, wanted: string): Search {
  const want = parseHostKey(wanted);
  let line: number | undefined;
  for (const l of stdout.split('\n')) {
    if (l === '') continue;
    if (l.startsWith('#')) {
      const m = /found: line (\d+)/.exec(l);
      if (m) line = Number(m[1]);
      continue;
    }
    const got = parseHostKey(l);
    if (!want || !got) continue;
    const host = want.host.startsWith('|1|') && got.host.startsWith('|1|') ? got.host : want.host;
    if (sameKey({ ...want, host }, got)) return { found: true, replaceOrAdd: false, foundLine: line };
    if (want.type === got.type) return { found: true, replaceOrAdd: true, foundLine: line };
  }
  return { found: true, replaceOrAdd: true };
}

function sameKey(a: HostKey, b: HostKey): boolean {
  return a.marker === b.marker && a.host === b.host && a.type === b.type && a.key === b.key;
}

/** The file's lines without `drop` (1-based) and with `add` at the end: Ansible's rewrite. */
export function rewriteLines(text: string, drop: number | undefined, add: string | undefined): string {
  const kept = fileLines(text).filter((_, i) => i + 1 !== drop);
  return kept.join('') + (add ?? '');
}

/**
 * The diff Ansible's module gives whether or not --diff asked for it: the found line deleted when
 * it goes, the key appended when it comes (a whole-host removal shows no difference). `before`
 * undefined: the file is missing (/dev/null).
 */
export function knownHostsDiff(
  path: string,
  before: string | undefined,
  s: Search,
  present: boolean,
  key: string | undefined,
): FileDiff {
  const text = before ?? '';
  // the diff splits as str.splitlines does, the rewrite as a file iterates (on \n only)
  const lines = pySplitLines(text, true);
  const drop = (s.replaceOrAdd || !present) && s.foundLine !== undefined ? s.foundLine : undefined;
  const add = present && (s.replaceOrAdd || s.foundLine === undefined) ? (key ?? '') : '';
  return {
    before_header: before === undefined ? '/dev/null' : path,
    after_header: path,
    before: text,
    after: lines.filter((_, i) => i + 1 !== drop).join('') + add,
  };
}

/** Ansible's check that `name` is one host, not a list. */
export function isHostList(host: string): boolean {
  return /\S+(\s+)?,(\s+)?/.test(host);
}

/** The key as Ansible writes it: hashed when asked, ending with a newline. */
export function keyLine(host: string, key: string | undefined, hash: boolean): string | undefined {
  if (!key) return undefined;
  const k = hash ? hashHostKey(host, key) : key;
  return k.endsWith('\n') ? k : `${k}\n`;
}
