import { isTuple } from '../util/py-tuple.js';
import { copyContainer } from './lazy.js';

/**
 * Ansible hands on a task's result (set_fact, register) and a loop's items with lists where the
 * template gave tuples: `(1, 2)` inside them is `[1, 2]` afterwards (util/py-tuple.ts). The
 * containers copied on the way keep their unsafe mark and their keys' types.
 */

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** True when `v` holds a tuple at any depth (lists and plain dicts are searched). */
function holdsTuple(v: unknown): boolean {
  if (Array.isArray(v)) return isTuple(v) || v.some(holdsTuple);
  return isDict(v) && Object.values(v).some(holdsTuple);
}

function listsDeep(v: unknown): unknown {
  return Array.isArray(v) || isDict(v) ? copyContainer(v, listsDeep) : v;
}

/** `v` with every tuple in it a list; a value without tuples is returned as it is (no copy). */
export function tuplesAsLists<T>(v: T): T {
  return holdsTuple(v) ? (listsDeep(v) as T) : v;
}
