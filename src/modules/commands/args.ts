import { InputError } from '../../errors.js';

/**
 * Argument helpers shared by the commands, net, packages, services and system modules: Ansible's
 * loose booleans, string-or-list values, and the one way a module reports a bad argument.
 */

const TRUE_WORDS = ['yes', 'true', 'on', '1', 'y', 'True', 'Yes', 'TRUE', 'YES', 'On', 'ON'];
const FALSE_WORDS = ['no', 'false', 'off', '0', 'n', 'False', 'No', 'FALSE', 'NO', 'Off', 'OFF'];

/** JSON schema of an Ansible boolean: true/false or one of the words Ansible accepts. */
export const boolArg = { enum: [true, false, 1, 0, ...TRUE_WORDS, ...FALSE_WORDS] } as const;

/** JSON schema of a string or a list of strings (`name: nginx` or `name: [a, b]`). */
export const strOrList = {
  anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
} as const;

/** JSON schema of the arguments that decide whether command, shell or script runs, and where. */
export const guardProps = {
  chdir: { type: 'string' },
  creates: { type: 'string' },
  removes: { type: 'string' },
} as const;

/** JSON schema of the stdin arguments of command and shell. */
export const stdinProps = {
  stdin: { type: 'string' },
  stdin_add_newline: boolArg,
  strip_empty_ends: boolArg,
} as const;

/** Ansible's boolean reading; undefined gives the default. */
export function toBool(v: unknown, dflt = false): boolean {
  if (v === undefined || v === null || v === '') return dflt;
  if (typeof v === 'boolean') return v;
  const s = String(v);
  if (TRUE_WORDS.includes(s) || s.toLowerCase() === 'true') return true;
  if (FALSE_WORDS.includes(s) || s.toLowerCase() === 'false') return false;
  throw new InputError(`'${s}' is not a valid boolean`, undefined, 'use true or false (yes/no also work)');
}

/** A string or list argument as a list; `a,b` strings are split on commas like Ansible's list type. */
export function toList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map(String).filter((s) => s !== '');
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A bad argument a schema cannot catch (a combination, a malformed value): exit 3, one line. */
export function argError(module: string, msg: string, hint?: string): InputError {
  return new InputError(`${module}: ${msg}`, undefined, hint);
}
