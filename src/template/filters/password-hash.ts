import { randomInt } from 'node:crypto';
import { md5Crypt, shaCrypt } from '../crypt.js';
import { FilterError } from '../errors.js';
import { splitKwargs } from '../members.js';
import { pyStr, typeName } from '../python.js';
import type { FilterTable } from './types.js';

/**
 * Ansible's password_hash as ansible-core 2.14 gives it without passlib (Python's crypt module):
 * sha512 (the default), sha256 and md5 crypt, the salt random unless given, `rounds` written only
 * when it differs from the scheme's implicit rounds. bcrypt (`blowfish`) is refused: glibc's crypt
 * has no bcrypt, and Ansible then returns the failure marker `*0` as if it were a hash.
 */

const SCHEMES: Record<
  string,
  { saltSize: number; implicitRounds?: number; hash: (p: string, s: string, r?: number) => string }
> = {
  sha512_crypt: { saltSize: 16, implicitRounds: 656000, hash: (p, s, r) => shaCrypt(p, s, 512, r) },
  sha256_crypt: { saltSize: 16, implicitRounds: 535000, hash: (p, s, r) => shaCrypt(p, s, 256, r) },
  md5_crypt: { saltSize: 8, hash: (p, s) => md5Crypt(p, s) },
};
const NAMES: Record<string, string> = {
  md5: 'md5_crypt',
  blowfish: 'bcrypt',
  sha256: 'sha256_crypt',
  sha512: 'sha512_crypt',
};
const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./';

function integer(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return Number(v);
  throw new FilterError(
    `password_hash: '${typeName(v)}' object cannot be interpreted as an integer (${name})`,
  );
}

export function passwordHash(password: unknown, ...args: unknown[]): string {
  const { pos, kw } = splitKwargs(args);
  const [type = 'sha512', salt, saltSize, rounds, ident] = [
    pos[0] ?? kw.hashtype,
    pos[1] ?? kw.salt,
    pos[2] ?? kw.salt_size,
    pos[3] ?? kw.rounds,
    pos[4] ?? kw.ident,
  ];
  return cryptHash(password, NAMES[pyStr(type)] ?? pyStr(type), { salt, saltSize, rounds, ident });
}

/**
 * Ansible's passlib_or_crypt without passlib: `algorithm` is a passlib name (sha512_crypt), as
 * vars_prompt's `encrypt` gives it; the filter maps its short names (sha512) first.
 */
export function cryptHash(
  password: unknown,
  algorithm: string,
  opts: { salt?: unknown; saltSize?: unknown; rounds?: unknown; ident?: unknown },
): string {
  const { salt, saltSize, rounds, ident } = opts;
  if (algorithm === 'bcrypt')
    throw new FilterError(
      "password_hash: bcrypt ('blowfish') is not supported by fabplay (Python's crypt has no bcrypt on Linux); use sha512",
    );
  const scheme = SCHEMES[algorithm];
  if (!scheme) throw new FilterError(`crypt.crypt does not support '${algorithm}' algorithm`);
  if (ident !== undefined && ident !== null && ident !== '')
    throw new FilterError(`password_hash: ident applies to bcrypt only, not to '${algorithm}'`);
  const size = integer(saltSize, 'salt_size') || scheme.saltSize;
  const s =
    salt === undefined || salt === null || salt === ''
      ? Array.from({ length: size }, () => SALT_CHARS[randomInt(SALT_CHARS.length)]).join('')
      : pyStr(salt);
  if (/[^./0-9A-Za-z]/.test(s)) throw new FilterError('invalid characters in salt');
  if (s.length > scheme.saltSize) throw new FilterError('invalid salt size');
  const r = integer(rounds, 'rounds');
  return scheme.hash(pyStr(password), s, r === scheme.implicitRounds ? undefined : r);
}

export const passwordFilters: FilterTable = { password_hash: passwordHash };

/** The salt size of a crypt scheme by its passlib name (`sha512_crypt`), as Ansible's BaseHash knows it. */
export const cryptSaltSize = (scheme: string): number | undefined =>
  scheme === 'bcrypt' ? 22 : SCHEMES[scheme]?.saltSize;
