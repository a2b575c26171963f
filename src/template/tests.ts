import { existsSync, lstatSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FilterError } from './errors.js';
import { splitKwargs } from './members.js';
import { isPlainObject, pyCompare, pyEq, pyStr, truthy } from './python.js';
import { pyRegex } from './filters/regex.js';
import { testRegistry, type TestFn } from './runtime.js';
import { boolOf } from '../util/ansible-bool.js';
import { Undefined } from './undefined.js';
import { versionTest } from './versions.js';
import { isUri, isUrl, isUrn } from './uri-tests.js';
import { isBoxedFloat, isFloat } from '../util/py-float.js';
import { isInlineVaultText } from '../vault/inline-values.js';
import { SealedVault } from '../vault/sealed.js';

/** Jinja2 and Ansible tests: `x is defined`, `r is failed`, `v is version('2.0', '>=')` ... */

function result(value: unknown, test: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new FilterError(`The '${test}' test expects a dictionary`);
  return value;
}

/**
 * A flag of a task result as Ansible's result tests give it: the value the result holds (a module's
 * `"failed": "0"` prints as 0 in `{{ r is failed }}`), False without one.
 */
function flag(r: Record<string, unknown>, key: string): unknown {
  return r[key] === undefined ? false : r[key];
}

/** Ansible's `changed` test: the result's own value, else whether an item of its results changed. */
function changedOf(r: Record<string, unknown>): unknown {
  if (r.changed !== undefined) return r.changed;
  const results = r.results;
  return Array.isArray(results) && results.some((x) => isPlainObject(x) && truthy(x.changed ?? false));
}

function regexTest(kind: 'match' | 'search' | 'fullmatch') {
  return (value: unknown, pattern: unknown, ...args: unknown[]): boolean => {
    const { pos, kw } = splitKwargs(args);
    // re.match anchors at the start of the string only: a sticky regexp at index 0
    const flags = kind === 'search' ? '' : 'y';
    const re = pyRegex(
      pattern,
      { ignorecase: pos[0] ?? kw.ignorecase, multiline: pos[1] ?? kw.multiline },
      flags,
    );
    const s = pyStr(value);
    const m = re.exec(s);
    if (!m) return false;
    return kind !== 'fullmatch' || m[0].length === s.length;
  };
}

/** truthy/falsy(convert_bool=True): a boolean word (or 0/1) counts as its boolean, as Ansible's boolean(). */
function convertBool(v: unknown, args: unknown[]): unknown {
  const { pos, kw } = splitKwargs(args);
  if (!truthy(pos[0] ?? kw.convert_bool ?? false)) return v;
  return boolOf(v) ?? v;
}

function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) return Object.keys(v);
  if (typeof v === 'string') return [...v];
  throw new FilterError('expected a list');
}

/** Python's set a <= b, with Python's equality (a list is a set of its items) */
const isSubset = (a: unknown, b: unknown): boolean =>
  asList(a).every((x) => asList(b).some((y) => pyEq(x, y)));

const isNan = (v: unknown): boolean => typeof v === 'number' && Number.isNaN(v);

/** The tests that say true or false. */
const tests: Record<string, (value: unknown, ...args: unknown[]) => boolean> = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => v === null,
  truthy: (v, ...args) => truthy(convertBool(v, args)),
  falsy: (v, ...args) => !truthy(convertBool(v, args)),
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' || isBoxedFloat(v),
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => isFloat(v),
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  mapping: (v) => isPlainObject(v),
  sequence: (v) => Array.isArray(v) || typeof v === 'string',
  iterable: (v) => Array.isArray(v) || typeof v === 'string' || isPlainObject(v),
  callable: (v) => typeof v === 'function',
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  even: (v) => Number(v) % 2 === 0,
  odd: (v) => Math.abs(Number(v) % 2) === 1,
  divisibleby: (v, n) => Number(v) % Number(n) === 0,
  equalto: (v, o) => pyEq(v, o),
  eq: (v, o) => pyEq(v, o),
  '==': (v, o) => pyEq(v, o),
  ne: (v, o) => !pyEq(v, o),
  '!=': (v, o) => !pyEq(v, o),
  lt: (v, o) => pyCompare(v, o) < 0,
  '<': (v, o) => pyCompare(v, o) < 0,
  le: (v, o) => pyCompare(v, o) <= 0,
  '<=': (v, o) => pyCompare(v, o) <= 0,
  gt: (v, o) => pyCompare(v, o) > 0,
  '>': (v, o) => pyCompare(v, o) > 0,
  ge: (v, o) => pyCompare(v, o) >= 0,
  '>=': (v, o) => pyCompare(v, o) >= 0,
  greaterthan: (v, o) => pyCompare(v, o) > 0,
  lessthan: (v, o) => pyCompare(v, o) < 0,
  sameas: (v, o) => v === o,
  in: (v, seq) => asList(seq).some((x) => pyEq(x, v)) || (typeof seq === 'string' && seq.includes(pyStr(v))),
  // Python's `value in seq`: a substring of a string, an item of a list, a key of a dict
  contains: (seq, v) =>
    typeof seq === 'string' ? seq.includes(pyStr(v)) : asList(seq).some((x) => pyEq(x, v)),
  // Ansible's core tests: Python's all() and any() over a sequence
  all: (seq) => asList(seq).every((x) => truthy(x)),
  any: (seq) => asList(seq).some((x) => truthy(x)),
  subset: isSubset,
  superset: (a, b) => isSubset(b, a),
  // the names of Python's set methods, which Ansible's mathstuff registers too
  issubset: isSubset,
  issuperset: (a, b) => isSubset(b, a),
  // Python's math.isnan: false for what is not a number
  nan: isNan,
  isnan: isNan,
  match: regexTest('match'),
  search: regexTest('search'),
  regex(value, pattern, ...args) {
    const { kw } = splitKwargs(args);
    const kind = pyStr(kw.match_type ?? 'search') as 'match' | 'search' | 'fullmatch';
    return regexTest(kind)(value, pattern, ...args);
  },
  version: versionTest,
  uri: isUri,
  url: isUrl,
  urn: isUrn,
  // a variable set from a `!vault` value (compiler.ts: only a variable or attribute, not what an expression builds)
  vault_encrypted: (v) => v instanceof SealedVault || isInlineVaultText(v),
  version_compare: versionTest,
  succeeded: (v) => !truthy(flag(result(v, 'succeeded'), 'failed')),
  success: (v) => !truthy(flag(result(v, 'success'), 'failed')),
  successful: (v) => !truthy(flag(result(v, 'successful'), 'failed')),
  reachable: (v) => !truthy(flag(result(v, 'reachable'), 'unreachable')),
  finished: (v) => Number(result(v, 'finished').finished ?? 1) === 1,
  started: (v) => Number(result(v, 'started').started ?? 1) === 1,
  abs: (v) => pyStr(v).startsWith('/'),
  exists: (v) => existsSync(pyStr(v)),
  file: (v) => existsSync(pyStr(v)) && statSync(pyStr(v)).isFile(),
  directory: (v) => existsSync(pyStr(v)) && statSync(pyStr(v)).isDirectory(),
  is_abs: (v) => pyStr(v).startsWith('/'),
  is_file: (v) => existsSync(pyStr(v)) && statSync(pyStr(v)).isFile(),
  is_dir: (v) => existsSync(pyStr(v)) && statSync(pyStr(v)).isDirectory(),
  is_link: (v) => {
    try {
      return lstatSync(pyStr(v)).isSymbolicLink();
    } catch {
      return false;
    }
  },
  same_file: (a, b) => sameFile(pyStr(a), pyStr(b)),
  is_same_file: (a, b) => sameFile(pyStr(a), pyStr(b)),
  mount: (v) => isMount(pyStr(v)),
  is_mount: (v) => isMount(pyStr(v)),
  // os.path.lexists: true for a link whose target is missing
  link_exists: (v) => lstatSync(pyStr(v), { throwIfNoEntry: false }) !== undefined,
  link: (v) => {
    try {
      return lstatSync(pyStr(v)).isSymbolicLink();
    } catch {
      return false;
    }
  },
};

/** Ansible's result tests that give the result's own value (plugins/test/core.py). */
const resultTests: Record<string, TestFn> = {
  failed: (v) => flag(result(v, 'failed'), 'failed'),
  failure: (v) => flag(result(v, 'failure'), 'failed'),
  changed: (v) => changedOf(result(v, 'changed')),
  change: (v) => changedOf(result(v, 'change')),
  skipped: (v) => flag(result(v, 'skipped'), 'skipped'),
  skip: (v) => flag(result(v, 'skip'), 'skipped'),
  unreachable: (v) => flag(result(v, 'unreachable'), 'unreachable'),
};

/** os.path.samefile: the same device and inode; a missing file is an error, as in Python. */
function sameFile(a: string, b: string): boolean {
  const [x, y] = [a, b].map((p) => {
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) throw new FilterError(`same_file: no such file or directory: '${p}'`);
    return s;
  });
  return x!.dev === y!.dev && x!.ino === y!.ino;
}

/** os.path.ismount: not a link, and on another device than its parent (or the parent itself). */
function isMount(p: string): boolean {
  const s = lstatSync(p, { throwIfNoEntry: false });
  if (!s || s.isSymbolicLink()) return false;
  const parent = lstatSync(join(p, '..'), { throwIfNoEntry: false });
  return !parent || parent.dev !== s.dev || parent.ino === s.ino;
}

/** Tests that look at an Undefined rather than failing on it. */
const ACCEPT_UNDEFINED = new Set([
  'defined',
  'undefined',
  'none',
  'string',
  'number',
  'mapping',
  'boolean',
  'sameas',
]);

export function registerTests(): Set<string> {
  for (const [name, fn] of Object.entries({ ...tests, ...resultTests })) {
    const entry = { fn, acceptsUndefined: ACCEPT_UNDEFINED.has(name) };
    testRegistry.set(name, entry);
    if (/^\w+$/.test(name)) testRegistry.set(`ansible.builtin.${name}`, entry);
  }
  return new Set(testRegistry.keys());
}
