import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FilterError } from './errors.js';
import { pyStr } from './python.js';
import { parseKv } from '../playbook/kv.js';
import { generator } from './filters/random.js';
import { cryptSaltSize, passwordHash } from './filters/password-hash.js';

/**
 * Ansible's password lookup: the password kept in a file on the controller (made with a new random
 * password the first time, mode 0600 in a 0700 directory), so a playbook gets the same password
 * on every run. `/dev/null` gives a new password each time and keeps nothing.
 */

const PARAMS = new Set(['length', 'encrypt', 'chars', 'ident', 'seed']);
// Python's string module constants a `chars` entry may name
const STRING_SETS: Record<string, string> = {
  ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ascii_lowercase: 'abcdefghijklmnopqrstuvwxyz',
  ascii_uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  printable:
    '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c',
  whitespace: ' \t\n\r\x0b\x0c',
};
const DEFAULT_CHARS = ['ascii_letters', 'digits', '.,:-_'];
const SALT_CHARS = STRING_SETS.ascii_letters! + STRING_SETS.digits! + './';

interface Params {
  length: number;
  encrypt?: string;
  ident?: string;
  seed?: unknown;
  chars: string[];
}

/** `path key=value ...`: the file and the parameters written in the term, over the keyword ones. */
function parseTerm(term: string, kw: Record<string, unknown>): { file: string; p: Params } {
  const sp = term.indexOf(' ');
  let file = sp < 0 ? term : term.slice(0, sp);
  const given: Record<string, unknown> = {};
  if (sp >= 0) {
    const { args, rest } = parseKv(term.slice(sp + 1));
    if (rest.length) {
      file = [file, ...rest].join(' ');
      if (!term.startsWith(file))
        throw new FilterError('Unrecognized value after key=value parameters given to password lookup');
    }
    Object.assign(given, args);
  }
  const bad = Object.keys(given).filter((k) => !PARAMS.has(k));
  if (bad.length)
    throw new FilterError(`Unrecognized parameter(s) given to password lookup: ${bad.join(', ')}`);
  const opt = (k: string): unknown => given[k] ?? kw[k] ?? undefined;
  const length = Number(opt('length') ?? 20);
  if (!Number.isInteger(length))
    throw new FilterError(`invalid literal for int() with base 10: '${pyStr(opt('length'))}'`);
  let chars = opt('chars') ?? DEFAULT_CHARS;
  if (typeof chars === 'string') {
    // `,,` stands for a comma
    const list = chars.includes(',,') ? [','] : [];
    list.push(...chars.replaceAll(',,', ',').split(',').filter(Boolean));
    chars = list;
  }
  const str = (v: unknown): string | undefined =>
    v === undefined || v === null || v === '' ? undefined : pyStr(v);
  return {
    file,
    p: {
      length,
      encrypt: str(opt('encrypt')),
      ident: str(opt('ident')),
      seed: opt('seed'),
      chars: (chars as unknown[]).map((c) => pyStr(c)),
    },
  };
}

function candidates(specs: string[]): string {
  return specs
    .map((c) => STRING_SETS[c] ?? c)
    .join('')
    .replace(/["']/g, '');
}

function randomText(length: number, chars: string, seed?: unknown): string {
  if (!chars) throw new FilterError('Cannot choose from an empty sequence');
  const r = generator(seed);
  return Array.from({ length }, () => chars[r.below(chars.length)]).join('');
}

/** `password salt=... ident=...` as Ansible writes it (salt and ident only when encrypting). */
function parseContent(content: string): { password: string; salt?: string; ident?: string } {
  const s = content.lastIndexOf(' salt=');
  if (s < 0) return { password: content };
  const rem = content.slice(s + 6);
  const i = rem.lastIndexOf(' ident=');
  const out = { password: content.slice(0, s) };
  if (!rem) return out;
  return i < 0 ? { ...out, salt: rem } : { ...out, salt: rem.slice(0, i), ident: rem.slice(i + 7) };
}

/** One term: the password of that file (made and saved when missing), hashed when `encrypt` is set. */
export function passwordTerm(baseDir: string, term: string, kw: Record<string, unknown>): string {
  const { file, p } = parseTerm(term, kw);
  const full = path.resolve(baseDir, file);
  const devNull = full === '/dev/null';
  const existing = existsSync(full) ? readFileSync(full, 'utf8').trimEnd() : undefined;
  let changed = existing === undefined || devNull;
  const stored: ReturnType<typeof parseContent> =
    existing === undefined || devNull
      ? { password: randomText(p.length, candidates(p.chars), p.seed) }
      : parseContent(existing);
  const password = stored.password;
  let { salt, ident } = stored;
  if (p.encrypt && !salt) {
    changed = true;
    salt = randomText(cryptSaltSize(p.encrypt) ?? 8, SALT_CHARS);
  }
  if (p.ident && ident && p.ident !== ident)
    throw new FilterError(
      `The ident parameter provided (${p.ident}) does not match the stored one (${ident}).`,
    );
  ident = ident ?? p.ident;
  if (changed && !devNull) {
    mkdirSync(path.dirname(full), { recursive: true, mode: 0o700 });
    const content =
      p.encrypt || salt ? `${password} salt=${salt}${ident ? ` ident=${ident}` : ''}` : password;
    writeFileSync(full, content + '\n', { mode: 0o600 });
    chmodSync(full, 0o600);
  }
  return p.encrypt ? passwordHash(password, p.encrypt, salt, undefined, undefined, ident) : password;
}
