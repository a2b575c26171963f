import { SealedVault } from '../../vault/sealed.js';
import { pyLen } from '../../util/py-text.js';
import { FilterError, FilterTypeError } from '../errors.js';
import { splitKwargs, strSplit, strStrip } from '../members.js';
import { isNum, isPlainObject, percentFormat, pyList, pyRepr, pyStr, truthy, typeName } from '../python.js';
import { PyFloat, isBoxedFloat, isFloat, pyFloat, unboxFloat } from '../../util/py-float.js';
import { pyTuple } from '../../util/py-tuple.js';
import { keyOf } from '../../util/py-dict-keys.js';
import { pyRound } from './round.js';
import { PlainUndefined, Undefined, hinted } from '../undefined.js';
import { Traced } from '../unsafe.js';
import type { FilterTable } from './types.js';

/** Scalars and strings: default, mandatory, bool, int, float, string, lower, upper, trim, replace, split ... */

/** Filters that receive an Undefined instead of failing on it. */
// extract: an undefined container gives an undefined value (Ansible's getitem), which default() can replace
export const ACCEPTS_UNDEFINED = new Set(['default', 'd', 'mandatory', 'type_debug', 'extract']);

function toInt(value: unknown, dflt: number, base: number): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  value = unboxFloat(value);
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : dflt;
  if (typeof value === 'string') {
    const s = value.trim().replace(/_/g, '');
    if (base === 10 && /^[-+]?\d+$/.test(s)) return parseInt(s, 10);
    if (base !== 10) {
      const body = s.replace(/^([-+]?)0[xob]/i, '$1');
      const n = parseInt(body, base);
      if (!Number.isNaN(n) && new RegExp(`^[-+]?[0-9a-z]+$`, 'i').test(body)) return n;
    }
    const f = Number(s);
    return s !== '' && Number.isFinite(f) ? Math.trunc(f) : dflt;
  }
  return dflt;
}

/** Python's float() of a value, or undefined when it has none. */
function toFloat(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  value = unboxFloat(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    // Python's float(): nan and inf(inity) with a sign, decimal digits with `_` between them
    const s = value.trim().toLowerCase();
    const special = /^([+-]?)(nan|inf|infinity)$/.exec(s);
    if (special) return special[2] === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
    if (!/^[+-]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?(e[+-]?\d(_?\d)*)?$/.test(s) || !/\d/.test(s)) return undefined;
    return Number(s.replaceAll('_', ''));
  }
  return undefined;
}

/** Ansible's `bool`: None and booleans as they are; yes/on/1/true (any case) and 1 are true, the rest false. */
export function toBool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || isBoxedFloat(value)) return Number(value) === 1;
  if (typeof value !== 'string') return false;
  return ['yes', 'on', '1', 'true'].includes(value.toLowerCase());
}

/** Python's len(): a string counts code points (an emoji is one), not UTF-16 units */
function length(value: unknown): number {
  if (typeof value === 'string') return pyLen(value);
  if (Array.isArray(value)) return value.length;
  if (isPlainObject(value)) return Object.keys(value).length;
  throw new FilterTypeError(`object of type '${typeName(value)}' has no len()`);
}

export const coreFilters: FilterTable = {
  default(value, dflt = '', boolean = false) {
    const { pos, kw } = splitKwargs([dflt, boolean]);
    const d = pos[0] ?? kw.default_value ?? '';
    const b = pos[1] ?? kw.boolean ?? false;
    if (value instanceof Undefined) return d;
    if (b && !truthy(value)) return d;
    return value;
  },
  mandatory(value, msg?: unknown) {
    // Ansible's words, with its two spaces: "Mandatory variable %s not defined." % "'x' "
    if (value instanceof Undefined)
      throw new FilterError(
        msg !== undefined && msg !== null
          ? pyStr(msg)
          : `Mandatory variable '${value.variable}'  not defined.`,
      );
    return value;
  },
  bool: (value) => toBool(value),
  int(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    return toInt(value, Number(pos[0] ?? kw.default ?? 0), Number(pos[1] ?? kw.base ?? 10));
  },
  float(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const n = toFloat(value);
    // Jinja2's do_float: the default (0.0) as given
    return n === undefined ? (pos[0] ?? kw.default ?? new PyFloat(0)) : pyFloat(n);
  },
  string: (value) => pyStr(value),
  lower: (value) => pyStr(value).toLowerCase(),
  upper: (value) => pyStr(value).toUpperCase(),
  capitalize: (value) => {
    const s = pyStr(value);
    return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  },
  title: (value) =>
    pyStr(value)
      .toLowerCase()
      .replace(/(^|[^a-zA-Z0-9'])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
  // Jinja2's trim is Python's str.strip
  trim: (value, chars?: unknown) => strStrip(pyStr(value), chars),
  replace(value, old: unknown, repl: unknown, count?: unknown) {
    const s = pyStr(value);
    const from = pyStr(old);
    const to = pyStr(repl);
    if (typeof count !== 'number' || count < 0) return s.split(from).join(to);
    const parts = s.split(from);
    if (parts.length <= count + 1) return parts.join(to);
    return parts.slice(0, count + 1).join(to) + from + parts.slice(count + 1).join(from);
  },
  // Ansible's split filter is Python's str.split
  split: (value, sep?: unknown, maxsplit?: unknown) => strSplit(pyStr(value), sep, maxsplit),
  join(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const sep = pyStr(pos[0] ?? kw.d ?? '');
    const attr = (pos[1] ?? kw.attribute) as string | undefined;
    const items = pyList(value) ?? [value];
    return items.map((x) => pyStr(attr ? (x as Record<string, unknown>)[attr] : x)).join(sep);
  },
  length,
  count: length,
  // Python's iter() and reversed(): a dict gives its keys (reversible since Python 3.8), a string its characters
  first(value) {
    const items = pyList(value);
    if (!items) throw new FilterTypeError(`'${typeName(value)}' object is not iterable`);
    return items.length ? items[0] : hinted('first', 'No first item, sequence was empty.');
  },
  last(value) {
    const items = pyList(value);
    if (!items) throw new FilterTypeError(`'${typeName(value)}' object is not reversible`);
    return items.length ? items[items.length - 1] : hinted('last', 'No last item, sequence was empty.');
  },
  ternary(value, whenTrue: unknown, whenFalse: unknown, whenNone?: unknown) {
    if ((value === null || value === undefined) && whenNone !== undefined) return whenNone;
    return truthy(value) ? whenTrue : whenFalse;
  },
  type_debug(input) {
    // the compiler hands the input over Traced: a string read from something unsafe is Ansible's AnsibleUnsafeText
    const value = input instanceof Traced ? input.value : input;
    if (value instanceof PlainUndefined) return 'Undefined';
    if (value instanceof Undefined) return 'AnsibleUndefined';
    if (value instanceof SealedVault) return 'AnsibleVaultEncryptedUnicode';
    if (typeof value === 'string' && input instanceof Traced && input.native)
      return input.unsafe ? 'NativeJinjaUnsafeText' : 'NativeJinjaText';
    // a text made anew (`x ~ ''`, `x | trim`) is a plain str, unsafe parts or not
    if (typeof value === 'string' && input instanceof Traced && input.unsafe && input.handsOn)
      return 'AnsibleUnsafeText';
    return typeName(value);
  },
  abs(value) {
    if (!isNum(value)) throw new FilterError(`bad operand type for abs(): '${typeName(value)}'`);
    const n = Math.abs(Number(value));
    return isFloat(value) ? pyFloat(n) : n;
  },
  round: pyRound,
  list(value) {
    const items = pyList(value);
    if (!items) throw new FilterError(`'${typeName(value)}' object is not iterable`);
    return items;
  },
  // Jinja2's items: (key, value) tuples
  items: (value) =>
    isPlainObject(value) ? Object.keys(value).map((k) => pyTuple([keyOf(value, k), value[k]])) : [],
  reverse(value) {
    if (typeof value === 'string') return [...value].reverse().join('');
    const items = pyList(value);
    if (items) return [...items].reverse();
    // Jinja2's do_reverse: neither reversed() nor list() took it
    throw new FilterError('argument must be iterable');
  },
  indent(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const width = pos[0] ?? kw.width ?? 4;
    const first = truthy(pos[1] ?? kw.first ?? false);
    const blank = truthy(pos[2] ?? kw.blank ?? false);
    const pad = typeof width === 'string' ? width : ' '.repeat(Number(width));
    const lines = pyStr(value).split('\n');
    return lines.map((l, i) => ((i === 0 && !first) || (!blank && l.trim() === '') ? l : pad + l)).join('\n');
  },
  center: (value, width: unknown = 80) => {
    const s = pyStr(value);
    const w = Number(width);
    const n = Math.max(0, w - s.length);
    // CPython's str.center: an odd margin's extra space goes left when the width is odd
    const left = Math.floor(n / 2) + (n & w & 1);
    return ' '.repeat(left) + s + ' '.repeat(n - left);
  },
  // Jinja2's truncate(length=255, killwords=False, end='...', leeway=5): a text at most leeway
  // characters too long stays whole; else it is cut (at a word's end unless killwords) to fit end
  truncate: (value, ...args) => {
    const { pos, kw } = splitKwargs(args);
    const s = pyStr(value);
    const length = Number(pos[0] ?? kw.length ?? 255);
    const killwords = truthy(pos[1] ?? kw.killwords ?? false);
    const end = pyStr(pos[2] ?? kw.end ?? '...');
    const leeway = Number(pos[3] ?? kw.leeway ?? 5);
    if (length < end.length) throw new FilterError(`expected length >= ${end.length}, got ${length}`);
    if (leeway < 0) throw new FilterError(`expected leeway >= 0, got ${leeway}`);
    if (s.length <= length + leeway) return s;
    const head = s.slice(0, length - end.length);
    if (killwords) return head + end;
    const at = head.lastIndexOf(' ');
    return (at < 0 ? head : head.slice(0, at)) + end;
  },
  wordcount: (value) => (pyStr(value).match(/\w+/g) ?? []).length,
  repr: (value) => pyRepr(value),
  // Jinja2's `'%s-%s' | format(a, b)`: the arguments are a tuple, keywords a dict
  format: (value, ...args) => {
    const { pos, kw } = splitKwargs(args);
    return percentFormat(pyStr(value), Object.keys(kw).length ? kw : pyTuple(pos));
  },
};
coreFilters.d = coreFilters.default!;
