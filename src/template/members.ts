import { FilterError } from './errors.js';
import { isLazy, isPlainObject, pyEq, pyRepr, pyStr } from './python.js';
import { PlainUndefined, Undefined, type UndefinedOrigin } from './undefined.js';
import { isHostvars } from './hostvars-view.js';
import { dictKeys, keyOf, nameOf } from '../util/py-dict-keys.js';
import { pySplit, pySplitLines, pyStrip } from '../util/py-text.js';
import { isTuple, pyTuple } from '../util/py-tuple.js';
import { PyRange } from './py-range.js';

/**
 * `obj.attr` and `obj[key]` as Jinja2 resolves them: dict keys, list indexes (negative too), and the
 * Python methods templates call (`.items()`, `.split()`, `.startswith()` ...). A miss is an Undefined
 * that remembers the path, so the error names it.
 */
export function memberLookup(obj: unknown, key: unknown, path: string): unknown {
  if (obj instanceof PlainUndefined) obj.fail(); // Jinja2's plain Undefined has no members
  if (obj instanceof Undefined) return obj; // Ansible keeps the first failure
  const name = typeof key === 'string' ? key : String(key);
  const origin = missOrigin(obj, key);
  const miss = (what: string): Undefined =>
    new Undefined(
      path,
      what === 'None'
        ? `'${parentOf(path)}' is None, it has no attribute '${name}'`
        : `'${parentOf(path)}' has no attribute '${name}'`,
      origin,
    );
  if (obj === null || obj === undefined) return miss('None');
  if (typeof obj === 'string') {
    if (typeof key === 'number') return indexOf(obj, key) ?? miss('str');
    const m = stringMethods[name];
    return m ? m.bind(null, obj) : miss('str');
  }
  if (Array.isArray(obj)) {
    const noItem = (): Undefined =>
      // Jinja2's wording, which playbooks test for, after the expression
      new Undefined(path, `${path}: list object has no element ${name} (it has ${obj.length})`, origin);
    if (typeof key === 'number') return indexOf(obj, key) ?? noItem();
    if (/^-?\d+$/.test(name)) return indexOf(obj, Number(name)) ?? noItem();
    const fields = (obj as { [TUPLE_FIELDS]?: Record<string, number> })[TUPLE_FIELDS];
    if (fields && name in fields) return obj[fields[name]!];
    // a tuple has index and count only
    const m = isTuple(obj) && name !== 'index' && name !== 'count' ? undefined : listMethods[name];
    return m ? m.bind(null, obj) : miss(isTuple(obj) ? 'tuple' : 'list');
  }
  if (obj instanceof PyRange) {
    if (!/^-?\d+$/.test(name)) return miss('range');
    return obj.at(Number(name)) ?? new Undefined(path, `${path}: range object index out of range`, origin);
  }
  if (typeof obj === 'object') {
    const rec = obj as Record<string, unknown>;
    // a key other than text is kept under its name (util/py-dict-keys.ts): d[1], d[1.0], d[true]
    const has = (n: string): boolean =>
      isLazy(obj) ? n in rec : Object.prototype.hasOwnProperty.call(rec, n);
    const prop = nameOf(obj, key, has);
    if (prop !== undefined) {
      const v = rec[prop];
      return v === undefined ? miss('dict') : v;
    }
    if (isPlainObject(obj)) {
      const m = dictMethods[name];
      if (m) return m.bind(null, rec);
      return miss('dict');
    }
    const v = rec[name];
    if (typeof v === 'function') return (v as (...a: unknown[]) => unknown).bind(obj);
    return v === undefined ? miss('object') : v;
  }
  return miss(typeof obj);
}

/**
 * What Jinja2's undefined for a member a value lacks holds: the value and the key as given (`d[1]`:
 * 1); Ansible's hostvars gives its own for a host it lacks, named `hostvars['h9']`.
 */
function missOrigin(obj: unknown, key: unknown): UndefinedOrigin {
  if (isHostvars(obj)) return { name: `hostvars['${String(key)}']` };
  return { obj: { value: obj }, name: key };
}

const TUPLE_FIELDS = Symbol('namedtuple fields');

/**
 * A Python namedtuple of class `type`: a tuple whose items are also attributes (`group.grouper`,
 * `group.list`).
 */
export function namedTuple(values: unknown[], names: string[], type: string): unknown[] {
  const fields = Object.fromEntries(names.map((n, i) => [n, i]));
  const tuple = Object.defineProperty([...values], TUPLE_FIELDS, { value: fields, enumerable: false });
  return pyTuple(tuple, type);
}

function parentOf(path: string): string {
  const m = /^(.*)(\.[^.[]+|\[[^\]]*\])$/.exec(path);
  return m ? m[1]! : path;
}

function indexOf<T>(seq: string | T[], i: number): string | T | undefined {
  if (!Number.isInteger(i)) return undefined;
  const idx = i < 0 ? seq.length + i : i;
  if (idx < 0 || idx >= seq.length) return undefined;
  return seq[idx];
}

/** nunjucks passes keyword arguments as a trailing object marked __keywords. */
export function splitKwargs(args: unknown[]): { pos: unknown[]; kw: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && (last as Record<string, unknown>).__keywords === true) {
    const kw = { ...(last as Record<string, unknown>) };
    delete kw.__keywords;
    return { pos: args.slice(0, -1), kw };
  }
  return { pos: args, kw: {} };
}

type Method<T> = (self: T, ...args: unknown[]) => unknown;

/** str.split(sep, maxsplit) with a template's arguments: None or no sep splits at whitespace. */
export function strSplit(s: string, sep?: unknown, maxsplit?: unknown): string[] {
  const max = typeof maxsplit === 'number' ? maxsplit : -1;
  if (sep === undefined || sep === null) return pySplit(s, null, max);
  const sp = pyStr(sep);
  if (sp === '') throw new FilterError('empty separator');
  return pySplit(s, sp, max);
}

/** str.strip and its lstrip/rstrip with a template's arguments: None or nothing strips whitespace. */
export function strStrip(s: string, chars: unknown, side: 'both' | 'left' | 'right' = 'both'): string {
  return pyStrip(s, chars === undefined || chars === null ? null : pyStr(chars), side);
}

/** Python str.format: `{}`, `{0}`, `{name}`, `{:>8}`, `{0:02d}`, `{:.2f}`. */
export function pyFormat(fmt: string, ...rawArgs: unknown[]): string {
  const { pos, kw } = splitKwargs(rawArgs);
  let auto = 0;
  return fmt.replace(
    /\{\{|\}\}|\{([^{}:!]*)(?:![rs])?(?::([^{}]*))?\}/g,
    (m, field: string, spec?: string) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      let v: unknown;
      if (field === '') v = pos[auto++];
      else if (/^\d+$/.test(field)) v = pos[Number(field)];
      else {
        const [head, ...rest] = field.split('.');
        v = kw[head!];
        for (const r of rest) v = (v as Record<string, unknown>)?.[r];
      }
      if (v === undefined) throw new FilterError(`format: no value for field '{${field}}'`);
      return applySpec(v, spec ?? '');
    },
  );
}

function applySpec(v: unknown, spec: string): string {
  const m = /^(?:(.)?([<>^=]))?([-+ ])?(0)?(\d+)?(,)?(?:\.(\d+))?([sdfxXobeE%])?$/.exec(spec);
  if (!m) return pyStr(v);
  const [, fill0, align, , zero, width, , prec, type] = m;
  let s: string;
  if (type === 'd') s = String(Math.trunc(Number(v)));
  else if (type === 'f') s = Number(v).toFixed(prec !== undefined ? Number(prec) : 6);
  else if (type === 'x') s = Math.trunc(Number(v)).toString(16);
  else if (type === 'X') s = Math.trunc(Number(v)).toString(16).toUpperCase();
  else if (type === 'o') s = Math.trunc(Number(v)).toString(8);
  else if (type === 'b') s = Math.trunc(Number(v)).toString(2);
  else if (prec !== undefined && typeof v === 'number') s = v.toFixed(Number(prec));
  else s = pyStr(v);
  const w = width ? Number(width) : 0;
  if (s.length >= w) return s;
  const fill = zero && !align ? '0' : (fill0 ?? ' ');
  const numeric = typeof v === 'number';
  const how = align ?? (zero ? '=' : numeric ? '>' : '<');
  const n = w - s.length;
  if (how === '<') return s + fill.repeat(n);
  if (how === '^') return fill.repeat(Math.floor(n / 2)) + s + fill.repeat(Math.ceil(n / 2));
  if (how === '=' && /^[-+]/.test(s)) return s[0] + fill.repeat(n) + s.slice(1);
  return fill.repeat(n) + s;
}

function prefixes(arg: unknown): string[] {
  return Array.isArray(arg) ? arg.map(pyStr) : [pyStr(arg)];
}

/** str.partition (from the left) and rpartition: (before, sep, after), the text on its side when sep is missing */
function partition(s: string, sepArg: unknown, fromRight: boolean): string[] {
  const sep = pyStr(sepArg);
  if (sep === '') throw new FilterError('empty separator');
  const at = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (at < 0) return pyTuple(fromRight ? ['', '', s] : [s, '', '']);
  return pyTuple([s.slice(0, at), sep, s.slice(at + sep.length)]);
}

const stringMethods: Record<string, Method<string>> = {
  split: (s, sep, max) => strSplit(s, sep, max),
  rsplit: (s, sep, max) => {
    if (typeof max !== 'number' || max < 0) return strSplit(s, sep);
    const rev = (x: string): string => [...x].reverse().join('');
    const sepRev = sep === undefined || sep === null ? sep : rev(pyStr(sep));
    return strSplit(rev(s), sepRev, max).map(rev).reverse();
  },
  partition: (s, sep) => partition(s, sep, false),
  rpartition: (s, sep) => partition(s, sep, true),
  splitlines: (s) => pySplitLines(s),
  startswith: (s, p) => prefixes(p).some((x) => s.startsWith(x)),
  endswith: (s, p) => prefixes(p).some((x) => s.endsWith(x)),
  replace: (s, a, b, count) => {
    const from = pyStr(a);
    const to = pyStr(b);
    if (typeof count !== 'number' || count < 0) return s.split(from).join(to);
    const parts = s.split(from);
    return (
      parts.slice(0, count + 1).join(to) +
      (parts.length > count + 1 ? from + parts.slice(count + 1).join(from) : '')
    );
  },
  strip: (s, c) => strStrip(s, c),
  lstrip: (s, c) => strStrip(s, c, 'left'),
  rstrip: (s, c) => strStrip(s, c, 'right'),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  title: (s) =>
    s.toLowerCase().replace(/(^|[^a-zA-Z0-9])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  format: (s, ...a) => pyFormat(s, ...a),
  join: (s, items) => (Array.isArray(items) ? items.map(pyStr).join(s) : pyStr(items)),
  find: (s, sub) => s.indexOf(pyStr(sub)),
  rfind: (s, sub) => s.lastIndexOf(pyStr(sub)),
  index: (s, sub) => {
    const i = s.indexOf(pyStr(sub));
    if (i < 0) throw new FilterError('substring not found');
    return i;
  },
  count: (s, sub) => s.split(pyStr(sub)).length - 1,
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isalnum: (s) => /^[A-Za-z0-9]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  zfill: (s, w) => {
    const sign = /^[-+]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(Number(w) - sign.length, '0');
  },
  ljust: (s, w, f) => s.padEnd(Number(w), f === undefined ? ' ' : pyStr(f)),
  rjust: (s, w, f) => s.padStart(Number(w), f === undefined ? ' ' : pyStr(f)),
  center: (s, w) => {
    const n = Math.max(0, Number(w) - s.length);
    return ' '.repeat(Math.floor(n / 2)) + s + ' '.repeat(Math.ceil(n / 2));
  },
  encode: (s) => s,
  decode: (s) => s,
};

const dictMethods: Record<string, Method<Record<string, unknown>>> = {
  items: (d) => Object.keys(d).map((k) => pyTuple([keyOf(d, k), d[k]])),
  keys: (d) => dictKeys(d),
  values: (d) => Object.keys(d).map((k) => d[k]),
  get: (d, k, dflt = null) => (Object.prototype.hasOwnProperty.call(d, pyStr(k)) ? d[pyStr(k)] : dflt),
  copy: (d) => ({ ...d }),
  update: (d, ...a) => {
    const { pos, kw } = splitKwargs(a);
    for (const o of pos) if (o && typeof o === 'object') Object.assign(d, o);
    Object.assign(d, kw);
    return null;
  },
  setdefault: (d, k, v = null) => {
    const key = pyStr(k);
    if (!(key in d)) d[key] = v;
    return d[key];
  },
  pop: (d, k, dflt) => {
    const key = pyStr(k);
    if (!(key in d)) {
      if (dflt === undefined) throw new FilterError(`KeyError: ${pyRepr(key)}`);
      return dflt;
    }
    const v = d[key];
    delete d[key];
    return v;
  },
};

const listMethods: Record<string, Method<unknown[]>> = {
  append: (l, v) => {
    l.push(v);
    return null;
  },
  extend: (l, v) => {
    if (Array.isArray(v)) l.push(...v);
    return null;
  },
  insert: (l, i, v) => {
    l.splice(Number(i), 0, v);
    return null;
  },
  pop: (l, i) => (i === undefined ? l.pop() : l.splice(Number(i), 1)[0]),
  remove: (l, v) => {
    const i = l.findIndex((x) => pyEq(x, v));
    if (i < 0) throw new FilterError('list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, v) => {
    const i = l.findIndex((x) => pyEq(x, v));
    if (i < 0) throw new FilterError(`${pyRepr(v)} is not in list`);
    return i;
  },
  count: (l, v) => l.filter((x) => pyEq(x, v)).length,
  copy: (l) => [...l],
};
