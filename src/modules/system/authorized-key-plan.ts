import { pySplitLines } from '../../util/py-text.js';

/**
 * The pure part of authorized_key: reading key lines into their parts, deciding what the file
 * keeps, and writing it out again, with the rules of ansible.posix's module (its bytes are the
 * contract): lines are known by their key alone, so a second line with the same key, a second
 * blank line or a repeated comment line folds into one when the file is rewritten; a key that
 * comes back with other options or another comment moves to the end; a key without a comment is
 * written with a space after it.
 */

/** The key types a line may carry (ansible.posix 1.5's list). */
const KEY_TYPES = new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'webauthn-sk-ecdsa-sha2-nistp256@openssh.com',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521',
  'ecdsa-sha2-nistp521-cert-v01@openssh.com',
  'sk-ssh-ed25519@openssh.com',
  'sk-ssh-ed25519-cert-v01@openssh.com',
  'ssh-ed25519',
  'ssh-ed25519-cert-v01@openssh.com',
  'ssh-dss',
  'ssh-rsa',
  'ssh-xmss@openssh.com',
  'ssh-xmss-cert-v01@openssh.com',
  'rsa-sha2-256',
  'rsa-sha2-512',
  'ssh-rsa-cert-v01@openssh.com',
  'rsa-sha2-256-cert-v01@openssh.com',
  'rsa-sha2-512-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
]);

/** Key options in their order, a name given twice kept twice (`a=1,a=2`); null: a bare word. */
export type Options = [string, string | null][];

/** A line of the file or of `key`: a key with its parts, or a line kept as it is ('skipped'). */
export interface Entry {
  /** the key (base64), or the whole line for a skipped one */
  id: string;
  type: string;
  options: Options | null;
  comment: string | null;
  /** the place it is written in: its line in the file, or after the file's for a new key */
  rank: number;
}

/** A line that names a key type but no key after it (Ansible's module stops with an IndexError). */
export class NoKeyAfterType extends Error {}

/** Splits `key_options` (or a line's options) on the commas outside quotes. */
export function parseOptions(text: string | null): Options {
  const out: Options = [];
  if (!text) return out;
  const parts = text.split(/((?:[^,"']|"[^"]*"|'[^']*')+)/).slice(1, -1);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq >= 0) out.push([part.slice(0, eq), part.slice(eq + 1)]);
    else if (part !== ',') out.push([part, null]);
  }
  return out;
}

/** One key line in parts; undefined for a line that names no key type (an invalid line). */
export function parseKeyLine(raw: string, rank: number): Entry | undefined {
  const line = raw.replaceAll('\\#', '#');
  // Ansible splits with a shlex that has no quotes: runs of space, tab, CR and LF
  const parts = line.split(/[ \t\r\n]+/).filter((p) => p !== '');
  if (parts[0] === '#') return { id: line, type: 'skipped', options: null, comment: null, rank };
  const at = parts.findIndex((p) => KEY_TYPES.has(p));
  if (at < 0) return undefined;
  if (at + 1 >= parts.length) throw new NoKeyAfterType(raw);
  const options = at > 0 ? parts.slice(0, at).join(' ') : null;
  return {
    id: parts[at + 1]!,
    type: parts[at]!,
    options: parseOptions(options),
    comment: parts.slice(at + 2).join(' '),
    rank,
  };
}

/** The file's lines by key, in the order Ansible's dict holds them (a repeated key keeps its first place). */
export function parseFile(text: string): Map<string, Entry> {
  const keys = new Map<string, Entry>();
  pySplitLines(text, true).forEach((line, rank) => {
    const e = parseKeyLine(line, rank) ?? { id: line, type: 'skipped', options: null, comment: null, rank };
    keys.set(e.id, e);
  });
  return keys;
}

/** Options compare as Python dicts of lists do: the same names, each with the same values in order. */
function sameOptions(a: Options | null, b: Options | null): boolean {
  if (a === null || b === null) return a === b;
  const group = (o: Options) => {
    const m = new Map<string, (string | null)[]>();
    for (const [k, v] of o) m.set(k, [...(m.get(k) ?? []), v]);
    return m;
  };
  const [ga, gb] = [group(a), group(b)];
  if (ga.size !== gb.size) return false;
  for (const [k, va] of ga) {
    const vb = gb.get(k);
    if (!vb || vb.length !== va.length || va.some((v, i) => v !== vb[i])) return false;
  }
  return true;
}

function sameEntry(a: Entry, b: Entry): boolean {
  return a.id === b.id && a.type === b.type && sameOptions(a.options, b.options) && a.comment === b.comment;
}

export interface Wanted {
  /** the `key` argument: one key a line */
  key: string;
  present: boolean;
  keyOptions?: string;
  comment?: string;
  exclusive: boolean;
}

/** A key line of `key` that names no key type (Ansible's "invalid key specified"). */
export class InvalidKey extends Error {}

/** The file's text after enforcing `w`, or undefined when it stays as it is. */
export function planKeys(existing: string, w: Wanted): string | undefined {
  const keys = parseFile(existing);
  const lines = pySplitLines(w.key).filter((s) => s !== '' && !s.startsWith('#'));
  const base = keys.size;
  const keep = new Set<string>();
  let write = false;
  lines.forEach((line, rank) => {
    let e = parseKeyLine(line, rank);
    if (!e) throw new InvalidKey(line);
    if (w.keyOptions !== undefined) e = { ...e, options: parseOptions(w.keyOptions) };
    if (w.comment !== undefined) e = { ...e, comment: w.comment };
    const old = keys.get(e.id);
    const matched = old !== undefined && (!w.present || sameEntry(e, old));
    if (!w.present) {
      if (matched) write = keys.delete(e.id);
      return;
    }
    keep.add(e.id);
    if (old && !matched) keys.delete(e.id);
    if (!matched) {
      keys.set(e.id, { ...e, rank: base + e.rank });
      write = true;
    }
  });
  if (w.present && w.exclusive)
    for (const id of [...keys.keys()])
      if (!keep.has(id)) {
        keys.delete(id);
        write = true;
      }
  return write ? serialize(keys) : undefined;
}

/** The file's text: entries by rank (a stable sort: equal ranks keep the dict's order). */
export function serialize(keys: Map<string, Entry>): string {
  return [...keys.values()]
    .sort((a, b) => a.rank - b.rank)
    .map((e) => {
      if (e.type === 'skipped') return e.id;
      const opts = e.options?.length
        ? `${e.options.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join(',')} `
        : '';
      return `${opts}${e.type} ${e.id} ${e.comment}\n`;
    })
    .join('');
}
