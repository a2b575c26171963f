import nunjucks from 'nunjucks';
import { FilterError, FilterTypeError } from './errors.js';
import { sealedOk } from '../vault/sealed.js';
import { memberLookup } from './members.js';
import { setNamespaceAttr } from './jinja-globals.js';
import { checkHashable, dictLiteral } from './dict-keys.js';
import { dictKeys, nameOf } from '../util/py-dict-keys.js';
import { isLazy, isPlainObject, pyArith, pyAdd, pyCmp, pyEq, pyStr, truthy, typeName } from './python.js';
import { PlainUndefined, Undefined, defined } from './undefined.js';
import { undefinedInside } from './undefined-inside.js';
import { PyFloat, isFloat, pyFloat } from '../util/py-float.js';
import { isTuple, pyTuple } from '../util/py-tuple.js';
import { reveal, traced } from './unsafe.js';
import { jinja2Native } from './native.js';
import { PyRange, tooLarge } from './py-range.js';

/**
 * The runtime our compiled templates call (see compiler.ts): nunjucks' own, with the lookups,
 * operators and output replaced by their Jinja2 meaning.
 */

const base = (nunjucks as any).runtime;

/**
 * A test: a boolean, or for Ansible's result tests (`r is failed`) the value the result holds, as
 * they give it (a condition reads it by Python's truth, `{{ r is failed }}` prints it).
 */
export type TestFn = (value: unknown, ...args: unknown[]) => unknown;

/** Tests registered by tests.ts (name -> function), and which of them accept an Undefined. */
export const testRegistry = new Map<string, { fn: TestFn; acceptsUndefined: boolean }>();

interface Frame {
  lookup(name: string): unknown;
}

interface FrameLike extends Frame {
  push(): FrameLike;
  set(name: string, value: unknown): void;
}

/** What compiled templates see as `context`: set-variables first, then the Templar's variables. */
export class TemplarContext {
  ctx: Record<string, unknown> = {};
  blocks: Record<string, unknown[]> = {};
  exported: string[] = [];

  constructor(
    readonly env: unknown,
    /** resolves a name the template did not set itself: a variable, a global, or an Undefined */
    readonly resolver: (name: string) => unknown,
    /** the Templar, for filters that need it (map with a filter name, lookup) */
    readonly owner: unknown,
  ) {}

  lookup(name: string): unknown {
    if (Object.prototype.hasOwnProperty.call(this.ctx, name)) return this.ctx[name];
    return this.resolver(name);
  }
  setVariable(name: string, val: unknown): void {
    this.ctx[name] = val;
  }
  getVariables(): Record<string, unknown> {
    return this.ctx;
  }
  addExport(name: string): void {
    this.exported.push(name);
  }
  getExported(): Record<string, unknown> {
    return Object.fromEntries(this.exported.map((n) => [n, this.ctx[n]]));
  }
  addBlock(name: string, block: unknown): this {
    (this.blocks[name] ??= []).push(block);
    return this;
  }
  getBlock(name: string): unknown {
    const b = this.blocks[name];
    if (!b) throw new FilterError(`unknown block "${name}"`);
    return b[0];
  }
  /** `{{ super() }}` in a block: the same block of the template extended */
  getSuper(env: unknown, name: string, block: unknown, frame: unknown, rt: unknown, cb: unknown): void {
    const chain = this.blocks[name] ?? [];
    const next = chain[chain.indexOf(block) + 1];
    if (!next) throw new FilterError(`no parent block "${name}" for super()`);
    (next as (...a: unknown[]) => void)(env, this, frame, rt, cb);
  }
}

function slice(obj: unknown, [start, stop, step]: unknown[]): unknown {
  const seq = defined(obj);
  if (typeof seq !== 'string' && !Array.isArray(seq))
    throw new FilterError(`'${typeName(seq)}' object is not subscriptable`);
  const len = seq.length;
  const st = step === null || step === undefined ? 1 : Number(step);
  if (st === 0) throw new FilterError('slice step cannot be zero');
  const norm = (v: unknown, dflt: number): number => {
    if (v === null || v === undefined) return dflt;
    let n = Number(v);
    if (n < 0) n += len;
    return st > 0 ? Math.min(Math.max(n, 0), len) : Math.min(Math.max(n, -1), len - 1);
  };
  const a = norm(start, st > 0 ? 0 : len - 1);
  const b = norm(stop, st > 0 ? len : -1);
  const out: unknown[] = [];
  for (let i = a; st > 0 ? i < b : i > b; i += st) out.push(seq[i]);
  if (typeof seq === 'string') return out.join('');
  return isTuple(seq) ? pyTuple(out) : out;
}

function inOp(item: unknown, container: unknown): boolean {
  item = defined(item);
  container = defined(container);
  if (typeof container === 'string') {
    if (typeof item !== 'string')
      throw new FilterError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEq(x, item));
  if (container instanceof PyRange) return container.has(item);
  if (isPlainObject(container)) {
    // the name the key is kept under (util/py-dict-keys.ts); Python refuses an unhashable one
    checkHashable(item);
    const has = (n: string): boolean =>
      isLazy(container) ? n in container : Object.prototype.hasOwnProperty.call(container, n);
    return nameOf(container, item, has) !== undefined;
  }
  throw new FilterError(`argument of type '${typeName(container)}' is not iterable`);
}

function compare(first: unknown, ...rest: unknown[]): boolean {
  let left = first;
  for (let i = 0; i < rest.length; i += 2) {
    const right = rest[i + 1];
    if (!pyCmp(rest[i] as string, left, right)) return false;
    left = right;
  }
  return true;
}

export const runtime: Record<string, any> = {
  ...base,
  lookup(context: TemplarContext, frame: Frame, name: string): unknown {
    const v = frame.lookup(name);
    return v !== undefined ? v : context.lookup(name);
  },
  contextOrFrameLookup(context: TemplarContext, frame: Frame, name: string): unknown {
    const v = frame.lookup(name);
    return v !== undefined ? v : context.lookup(name);
  },
  memberLookup(obj: unknown, key: unknown, path = '(expression)'): unknown {
    if (key instanceof Undefined) key.fail();
    return reveal(memberLookup(obj, key, path));
  },
  slice,
  truthy,
  traced,
  sealedOk,
  or: (a: unknown, b: () => unknown): unknown => (truthy(a) ? a : b()),
  and: (a: unknown, b: () => unknown): unknown => (truthy(a) ? b() : a),
  arith(op: string, a: unknown, b: unknown): unknown {
    if (op === '+') return pyAdd(a, b);
    if (op === '~') return pyStr(a) + pyStr(b);
    return pyArith(op as '-', a, b);
  },
  /** Python's unary minus: -x of a float is a float (`-0.0` included) */
  neg(v: unknown): unknown {
    v = defined(v);
    return isFloat(v) ? pyFloat(-Number(v)) : pyArith('-', 0, v);
  },
  float: (n: number): PyFloat => new PyFloat(n),
  tuple: pyTuple,
  dictLiteral,
  setNamespaceAttr,
  compare,
  inOp,
  test(_env: unknown, _context: unknown, name: string, value: unknown, args: unknown[]): unknown {
    const t = testRegistry.get(name);
    if (!t) throw new FilterError(`no test named '${name}'`);
    if (!t.acceptsUndefined && value instanceof Undefined) value.fail();
    for (const a of args) if (a instanceof Undefined) a.fail();
    return t.fn(value, ...args);
  },
  suppressValue(v: unknown): string {
    // Ansible's finalize: None prints as nothing (inside a list it is still `None`); with
    // jinja2_native on for the run it prints `None`, template files too
    if (v === null || v === undefined) return jinja2Native() ? 'None' : '';
    // Ansible's finalize: an undefined inside a list or dict fails before it is printed as its repr
    undefinedInside(v)?.fail();
    return pyStr(v);
  },
  /** the value of an inline if without else when its condition is false */
  elseUndefined: (line: number): PlainUndefined => new PlainUndefined(line),
  ensureDefined(v: unknown): unknown {
    return defined(v);
  },
  callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
    if (fn instanceof Undefined) fn.fail();
    if (typeof fn !== 'function') throw new FilterError(`'${name}' is not callable (it is ${typeName(fn)})`);
    return fn.apply(context, args);
  },
  /** `*x` in a call: Python iterates the value (a dict gives its keys) */
  splat(v: unknown): unknown[] {
    const items = runtime.fromIterator(v);
    if (items === null || items === undefined)
      throw new FilterError(`argument after * must be an iterable, not ${typeName(v)}`);
    return Array.from(items as ArrayLike<unknown>);
  },
  /** the values `{% set a, b = v %}` gives its `n` names, with Python's errors for a wrong count */
  unpack(v: unknown, n: number): unknown[] {
    v = defined(v);
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || isFloat(v))
      throw new FilterTypeError(`cannot unpack non-iterable ${typeName(v)} object`);
    const items = runtime.splat(v) as unknown[];
    if (items.length > n) throw new FilterError(`too many values to unpack (expected ${n})`);
    if (items.length < n)
      throw new FilterError(`not enough values to unpack (expected ${n}, got ${items.length})`);
    return items;
  },
  /** `**x` in a call: the mapping's entries become keyword arguments */
  kwSplat(v: unknown): Record<string, unknown> {
    if (v instanceof Undefined) v.fail();
    if (!isPlainObject(v)) throw new FilterError(`argument after ** must be a mapping, not ${typeName(v)}`);
    return v;
  },
  /** the items of a `{% for ... if cond %}` loop for which cond holds, with the loop names bound */
  loopFilter(arr: unknown, frame: FrameLike, names: string[], keep: (f: FrameLike) => boolean): unknown {
    const items = runtime.fromIterator(arr);
    if (items === null || items === undefined) return items;
    return Array.from(items as ArrayLike<unknown>).filter((item) => {
      const f = frame.push();
      if (names.length === 1) f.set(names[0]!, item);
      else names.forEach((n, i) => f.set(n, (item as unknown[])[i]));
      return keep(f);
    });
  },
  fromIterator(v: unknown): unknown {
    if (v instanceof PlainUndefined) return []; // Jinja2's plain Undefined iterates as empty
    if (v instanceof Undefined) v.fail();
    if (Array.isArray(v) || typeof v === 'string') return v;
    if (v instanceof PyRange) throw tooLarge(v, 'a for loop');
    if (isPlainObject(v)) return dictKeys(v); // Jinja2 iterates a dict's keys
    if (v && typeof v === 'object' && Symbol.iterator in v) return Array.from(v as Iterable<unknown>);
    if (typeof v === 'number' || typeof v === 'boolean')
      throw new FilterError(`'${typeName(v)}' object is not iterable`);
    return v;
  },
  handleError(e: unknown, lineno: number): unknown {
    if (e && typeof e === 'object' && (e as { templateLine?: number }).templateLine === undefined)
      (e as { templateLine?: number }).templateLine = lineno + 1;
    return e;
  },
};
