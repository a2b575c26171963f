import { FilterError, FilterTypeError, PyException } from './errors.js';
import { PlainUndefined, Undefined, defined, isUndefined } from './undefined.js';
import { PyDateTime, PyTimedelta, isTimePair, subtractTimes } from './datetime.js';
import { type PyFloat, floatRepr, isBoxedFloat, isFloat, pyFloat } from '../util/py-float.js';
import { dictKeys, keyOf } from '../util/py-dict-keys.js';
import { isTuple, pyTuple, tupleType } from '../util/py-tuple.js';
import { PyRange, tooLarge } from './py-range.js';

/** Python's view of JavaScript values: truthiness, str(), repr(), ==, <, +, * ... as Jinja2 does them. */

/** Marks objects that resolve their entries lazily (hostvars, vars): never walked or copied whole. */
export const LAZY = Symbol.for('fabplay.lazy');

export function isLazy(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[LAZY] === true;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || isLazy(v);
}

/** What Python's list(x) gives: a list, a string's characters, a dict's keys; else undefined. */
export function pyList(value: unknown): unknown[] | undefined {
  if (isTuple(value)) return [...value];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isPlainObject(value)) return dictKeys(value);
  return undefined;
}

/** Python truthiness: empty list/dict/string, 0, None and False are false; undefined fails. */
export function truthy(v: unknown): boolean {
  if (v instanceof PlainUndefined) return false;
  if (v instanceof Undefined) v.fail();
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (typeof v === 'number') return !Number.isNaN(v);
  if (isBoxedFloat(v)) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  if (typeof v === 'object' && 'length' in v) return String(v).length > 0; // SafeString
  return true;
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (isBoxedFloat(v)) return 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return isTuple(v) ? tupleType(v) : 'list';
  if (typeof v === 'function') return 'function';
  if (isPlainObject(v)) return 'dict';
  if (v instanceof PyDateTime) return 'datetime';
  if (v instanceof PyTimedelta) return 'timedelta';
  return 'object';
}

/** Python str(): what `{{ x }}` prints. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof PlainUndefined) return '';
  if (v instanceof Undefined) v.fail();
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (Array.isArray(v) || isPlainObject(v)) return pyRepr(v);
  // Ansible prints a range as the list it makes
  if (v instanceof PyRange) throw tooLarge(v, 'printing it');
  return String(v);
}

/** Python repr(): how values print inside a list or dict. */
export function pyRepr(v: unknown, seen: Set<unknown> = new Set()): string {
  if (typeof v === 'string') return reprString(v);
  if (v instanceof PlainUndefined) return 'Undefined';
  // Python's repr() of an undefined never fails: Ansible's names its class and fields
  if (v instanceof Undefined) return undefinedRepr(v, seen);
  if (Array.isArray(v) || isPlainObject(v)) {
    if (seen.has(v)) return Array.isArray(v) ? '[...]' : '{...}';
    seen.add(v);
    const out = Array.isArray(v)
      ? seqRepr(v, seen)
      : `{${Object.keys(v)
          .map((k) => `${pyRepr(keyOf(v, k))}: ${pyRepr((v as Record<string, unknown>)[k], seen)}`)
          .join(', ')}}`;
    seen.delete(v);
    return out;
  }
  return pyStr(v);
}

/** `AnsibleUndefined(hint=None, obj=missing, name='foo')`, as Ansible 2.14's __repr__ */
function undefinedRepr(u: Undefined, seen: Set<unknown>): string {
  const { hint, obj, name } = u.origin;
  const opt = (x: unknown): string => (x === undefined ? 'None' : pyRepr(x, seen));
  return `AnsibleUndefined(hint=${opt(hint)}, obj=${obj ? pyRepr(obj.value, seen) : 'missing'}, name=${opt(name)})`;
}

/** `[1, 2]`; a tuple `(1, 2)`, `(1,)` or `()` */
function seqRepr(v: unknown[], seen: Set<unknown>): string {
  const items = v.map((x) => pyRepr(x, seen)).join(', ');
  if (!isTuple(v)) return `[${items}]`;
  return v.length === 1 ? `(${items},)` : `(${items})`;
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return quote + out + quote;
}

/** Python ==: deep for lists and dicts, True == 1, but '1' != 1. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a instanceof Undefined || b instanceof Undefined) return false;
  if (a === b) return true;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (isNum(a) && isNum(b)) return Number(a) === Number(b);
  // a tuple never equals a list: (1, 2) == [1, 2] is False
  if (Array.isArray(a) && Array.isArray(b))
    return isTuple(a) === isTuple(b) && a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  if (isTimePair(a, b)) return Number(a) === Number(b);
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && pyEq(a[k], b[k]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'string') return String(a) === b; // SafeString
  if (typeof b === 'object' && b !== null && typeof a === 'string') return String(b) === a;
  return false;
}

/** Python's `x in items` for a list: an item equal to x by ==. */
export function pyIn(items: unknown[], x: unknown): boolean {
  return items.some((y) => pyEq(x, y));
}

/** A Python number: an int, a float or a bool (Number() gives its value). */
export function isNum(v: unknown): v is number | boolean | PyFloat {
  return typeof v === 'number' || typeof v === 'boolean' || isBoxedFloat(v);
}

/** Python ordering (<, sort): numbers with numbers, strings with strings, lists (or tuples) element-wise. */
export function pyCompare(a: unknown, b: unknown): number {
  a = defined(a);
  b = defined(b);
  if (isNum(a) && isNum(b)) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (isTimePair(a, b)) return Number(a) - Number(b);
  // lists with lists, tuples with tuples
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pyCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  throw new FilterTypeError(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function pyCmp(op: string, a: unknown, b: unknown): boolean {
  // Jinja2's plain Undefined equals only another one
  const plain = a instanceof PlainUndefined || b instanceof PlainUndefined;
  if (plain && (op === '==' || op === '==='))
    return a instanceof PlainUndefined && b instanceof PlainUndefined;
  if (plain && (op === '!=' || op === '!=='))
    return !(a instanceof PlainUndefined && b instanceof PlainUndefined);
  // StrictUndefined: comparing an undefined value fails (Ansible's `when: result.rc == 0`)
  a = defined(a);
  b = defined(b);
  switch (op) {
    case '==':
    case '===':
      return pyEq(a, b);
    case '!=':
    case '!==':
      return !pyEq(a, b);
    case '<':
      return pyCompare(a, b) < 0;
    case '>':
      return pyCompare(a, b) > 0;
    case '<=':
      return pyCompare(a, b) <= 0;
    case '>=':
      return pyCompare(a, b) >= 0;
    default:
      throw new FilterError(`unknown comparison ${op}`);
  }
}

function unsupported(op: string, a: unknown, b: unknown): never {
  // Python names ** with the pow() that shares its code
  const shown = op === '**' ? '** or pow()' : op;
  throw new FilterTypeError(
    `unsupported operand type(s) for ${shown}: '${typeName(a)}' and '${typeName(b)}'`,
  );
}

export function pyAdd(a: unknown, b: unknown): unknown {
  a = defined(a);
  b = defined(b);
  if (isNum(a) && isNum(b)) return numberResult(Number(a) + Number(b), a, b);
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return concatSeq(a, b);
  if (typeof a === 'object' && a !== null && typeof b === 'string') return String(a) + b;
  if (typeof b === 'object' && b !== null && typeof a === 'string') return a + String(b);
  // Python's words when the left side is a sequence
  const seqKind =
    typeof a === 'string' ? 'str' : Array.isArray(a) ? (isTuple(a) ? 'tuple' : 'list') : undefined;
  if (seqKind)
    throw new FilterTypeError(`can only concatenate ${seqKind} (not "${typeName(b)}") to ${seqKind}`);
  return unsupported('+', a, b);
}

/** list + list is a list, tuple + tuple a tuple; Python refuses to mix them */
function concatSeq(a: unknown[], b: unknown[]): unknown[] {
  const kind = (x: unknown[]): string => (isTuple(x) ? 'tuple' : 'list');
  if (kind(a) !== kind(b))
    throw new FilterTypeError(`can only concatenate ${kind(a)} (not "${kind(b)}") to ${kind(a)}`);
  return isTuple(a) ? pyTuple([...a, ...b]) : [...a, ...b];
}

export function pyArith(op: '-' | '*' | '/' | '//' | '%' | '**', a: unknown, b: unknown): unknown {
  a = defined(a);
  // `'%r' % x`: an undefined x is formatted (percentFormat fails but for %r)
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  b = defined(b);
  if (op === '*' && isNum(b) && (typeof a === 'string' || Array.isArray(a))) return repeat(a, b);
  if (op === '*' && isNum(a) && (typeof b === 'string' || Array.isArray(b))) return repeat(b, a);
  const isSeq = (v: unknown): boolean => typeof v === 'string' || Array.isArray(v);
  if (op === '*' && (isSeq(a) || isSeq(b)))
    throw new FilterTypeError(`can't multiply sequence by non-int of type '${typeName(isSeq(a) ? b : a)}'`);
  const times = op === '-' ? subtractTimes(a, b) : undefined;
  if (times) return times;
  if (!isNum(a) || !isNum(b)) return unsupported(op, a, b);
  const x = Number(a);
  const y = Number(b);
  const float = isFloat(a) || isFloat(b);
  if (y === 0 && op !== '-' && op !== '*' && op !== '**')
    throw new PyException('ZeroDivisionError', zeroDivision(op, float));
  switch (op) {
    case '-':
      return numberResult(x - y, a, b);
    case '*':
      return numberResult(x * y, a, b);
    case '/':
      return pyFloat(x / y);
    case '//':
      return numberResult(Math.floor(x / y), a, b);
    case '%': {
      // Python's modulo takes the divisor's sign
      const m = x % y;
      return numberResult(m !== 0 && m < 0 !== y < 0 ? m + y : m, a, b);
    }
    case '**':
      if (x === 0 && y < 0) throw new FilterError('0.0 cannot be raised to a negative power');
      return float || y < 0 ? pyFloat(x ** y) : x ** y;
  }
}

/** A sum, difference, product...: a float when either operand is one, as in Python. */
function numberResult(n: number, a: unknown, b: unknown): number | PyFloat {
  return isFloat(a) || isFloat(b) ? pyFloat(n) : n;
}

function zeroDivision(op: '/' | '//' | '%', float: boolean): string {
  if (op === '/') return float ? 'float division by zero' : 'division by zero';
  if (op === '//') return float ? 'float floor division by zero' : 'integer division or modulo by zero';
  return float ? 'float modulo' : 'integer modulo by zero';
}

function repeat(v: string | unknown[], times: number | boolean | PyFloat): string | unknown[] {
  if (isFloat(times)) throw new FilterError("can't multiply sequence by non-int of type 'float'");
  const n = Number(times);
  if (typeof v === 'string') return n > 0 ? v.repeat(n) : '';
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...v);
  return isTuple(v) ? pyTuple(out) : out;
}

/** Python's `'%s-%02d' % (a, b)` and `'%(name)s' % dict`: a tuple gives the values, anything else is one. */
export function percentFormat(fmt: string, args: unknown): string {
  const list = isTuple(args) ? args : [args];
  let i = 0;
  const out = fmt.replace(
    /%(\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifFeEgGxXor%])/g,
    (
      _m,
      _k,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      prec: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return '%';
      let v: unknown;
      if (key !== undefined) v = (args as Record<string, unknown>)[key];
      else {
        if (i >= list.length) throw new FilterError('not enough arguments for format string');
        v = list[i++];
      }
      // the 0 flag pads numbers only (Python ignores it for %s, %r, inf and nan)
      const text = formatOne(conv, v, prec);
      const numeric = !'sr'.includes(conv) && !/inf|nan/i.test(text);
      return pad(text, numeric ? flags : flags.replace(/0/g, ''), width);
    },
  );
  // a tuple's values are all used; one plain value too (a list or dict may go unused)
  const plain = args === null || typeof args !== 'object' || isBoxedFloat(args);
  if (i < list.length && (isTuple(args) || plain))
    throw new FilterTypeError('not all arguments converted during string formatting');
  return out;
}

function formatOne(conv: string, v: unknown, prec: string | undefined): string {
  // repr() of an undefined is its class and fields; str(), int() ... of one fail
  if (conv !== 'r') v = defined(v);
  switch (conv) {
    case 's':
      return prec !== undefined ? pyStr(v).slice(0, Number(prec)) : pyStr(v);
    case 'r':
      return pyRepr(v);
    case 'd':
    case 'i':
      return String(Math.trunc(toNumber(v)));
    case 'x':
      return Math.trunc(toNumber(v)).toString(16);
    case 'X':
      return Math.trunc(toNumber(v)).toString(16).toUpperCase();
    case 'o':
      return Math.trunc(toNumber(v)).toString(8);
    case 'e':
    case 'E': {
      const s = toNumber(v).toExponential(prec !== undefined ? Number(prec) : 6);
      return conv === 'E' ? s.toUpperCase() : s;
    }
    default:
      return toNumber(v).toFixed(prec !== undefined ? Number(prec) : 6);
  }
}

function toNumber(v: unknown): number {
  if (isNum(v)) return Number(v);
  throw new FilterError(`a number is required, not ${typeName(v)}`);
}

function pad(s: string, flags: string, width: string | undefined): string {
  const w = width && width !== '*' ? Number(width) : 0;
  if (s.length >= w) return s;
  if (flags.includes('-')) return s.padEnd(w);
  if (flags.includes('0')) {
    const sign = /^[-+]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(w - sign.length, '0');
  }
  return s.padStart(w);
}

export { isUndefined };
