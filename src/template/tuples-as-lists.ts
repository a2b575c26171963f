import { copyKeyTypes } from '../util/py-dict-keys.js';
import { isTuple } from '../util/py-tuple.js';
import { isMarked, markUnsafe } from './unsafe.js';

/**
 * Ansible hands on a task's result (set_fact, register) and a loop's items with lists where the
 * template gave tuples: `(1, 2)` inside them is `[1, 2]` afterwards (util/py-tuple.ts). The
 * containers copied on the way keep their unsafe mark and their keys' types.
 */

function isDict(v: unknown): v is Record<string | symbol, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** True when `v` holds a tuple at any depth (lists and plain dicts are searched). */
function holdsTuple(v: unknown): boolean {
  if (Array.isArray(v)) return isTuple(v) || v.some(holdsTuple);
  return isDict(v) && Object.values(v).some(holdsTuple);
}

function listsDeep(v: unknown): unknown {
  if (!Array.isArray(v) && !isDict(v)) return v;
  let out: unknown[] | Record<string | symbol, unknown>;
  if (Array.isArray(v)) out = v.map(listsDeep);
  else {
    const dict: Record<string | symbol, unknown> = {};
    // a result's symbol keys (stored facts, the delegated host) come along
    for (const k of [...Object.keys(v), ...Object.getOwnPropertySymbols(v)]) dict[k] = listsDeep(v[k]);
    copyKeyTypes(v, dict);
    out = dict;
  }
  return isMarked(v) ? markUnsafe(out) : out;
}

/** `v` with every tuple in it a list; a value without tuples is returned as it is (no copy). */
export function tuplesAsLists<T>(v: T): T {
  return holdsTuple(v) ? (listsDeep(v) as T) : v;
}
