import { isLazy, isPlainObject } from './python.js';
import { isTemplate } from './native.js';
import { UnsafeText, isMarked, markUnsafe } from './unsafe.js';
import { copyKeyTypes } from '../util/py-dict-keys.js';
import { SealedVault } from '../vault/sealed.js';
import { NativeText } from './native-text.js';

/** What a raw value holds, as bits: templates to render, UnsafeText boxes to unwrap, unsafe parts. */
export const HOLDS_TEMPLATE = 1;
export const HOLDS_BOX = 2;
export const HOLDS_UNSAFE = 4;
/** a !vault value kept sealed (vault/sealed.ts) */
export const HOLDS_SEALED = 8;

/**
 * Objects are scanned once and remembered (facts and inventory dicts are shared by every task), so
 * the lazy lookup of a big template-free dict costs one WeakMap read. A marked container is never
 * looked into: its strings are text.
 */
const scanned = new WeakMap<object, number>();

export function scanFlags(v: unknown): number {
  if (typeof v === 'string') return isTemplate(v) ? HOLDS_TEMPLATE : 0;
  if (typeof v !== 'object' || v === null || isLazy(v)) return 0;
  if (v instanceof UnsafeText) return HOLDS_BOX | HOLDS_UNSAFE;
  if (v instanceof NativeText) return HOLDS_BOX;
  if (v instanceof SealedVault) return HOLDS_SEALED;
  if (isMarked(v)) return HOLDS_UNSAFE;
  if (!Array.isArray(v) && !isPlainObject(v)) return 0;
  const hit = scanned.get(v);
  if (hit !== undefined) return hit;
  scanned.set(v, 0); // a cycle holds nothing through itself
  let flags = 0;
  if (Array.isArray(v)) for (const x of v) flags |= scanFlags(x);
  else for (const [k, x] of Object.entries(v)) flags |= (isTemplate(k) ? HOLDS_TEMPLATE : 0) | scanFlags(x);
  scanned.set(v, flags);
  return flags;
}

/** True when templating the value would change it (templates to render or boxes to unwrap). */
export function needsTemplating(v: unknown): boolean {
  return (scanFlags(v) & (HOLDS_TEMPLATE | HOLDS_BOX)) !== 0;
}

/**
 * A stored value with every UnsafeText replaced by its text, for results and output (which never
 * template). Copies only what holds a box; an unsafe container stays marked.
 */
export function revealDeep(value: unknown): unknown {
  if (value instanceof UnsafeText || value instanceof NativeText) return value.text;
  if (!(scanFlags(value) & HOLDS_BOX)) return value;
  return copyContainer(value as object, revealDeep);
}

/**
 * A copy of a list or dict with `each` applied to its items (a dict's symbol keys too, such as a
 * result's stored facts); the dict's key types and the unsafe mark come along.
 */
export function copyContainer(value: object, each: (x: unknown) => unknown): unknown {
  let out: unknown;
  if (Array.isArray(value)) out = value.map(each);
  else {
    const from = value as Record<string | symbol, unknown>;
    const o: Record<string | symbol, unknown> = {};
    for (const k of [...Object.keys(from), ...Object.getOwnPropertySymbols(from)]) o[k] = each(from[k]);
    copyKeyTypes(value, o);
    out = o;
  }
  return isMarked(value) ? markUnsafe(out) : out;
}
