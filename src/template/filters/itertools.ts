import { FilterError, FilterTypeError } from '../errors.js';
import { splitKwargs } from '../members.js';
import { isNum, pyList, typeName } from '../python.js';
import { pyTuple } from '../../util/py-tuple.js';
import type { FilterTable } from './types.js';

/**
 * Ansible's product, permutations and combinations filters: Python's itertools, each result a
 * tuple (a task's result and a loop's items hold lists, template/tuples-as-lists.ts).
 */

/** The items of an iterable argument, as itertools takes them (a dict gives its keys). */
function iterable(v: unknown): unknown[] {
  const items = pyList(v);
  if (!items) throw new FilterTypeError(`'${typeName(v)}' object is not iterable`);
  return items;
}

/** `r` as itertools reads it: an integer, not negative. */
function length(r: unknown): number {
  if (!isNum(r) || !Number.isInteger(Number(r)))
    throw new FilterTypeError(`'${typeName(r)}' object cannot be interpreted as an integer`);
  if (Number(r) < 0) throw new FilterError('r must be non-negative');
  return Number(r);
}

/** The ordered picks of `r` items of `pool`, each position once, in itertools' order. */
function permutations(pool: unknown[], r: number): unknown[][] {
  if (r === 0) return [[]];
  return pool.flatMap((x, i) =>
    permutations([...pool.slice(0, i), ...pool.slice(i + 1)], r - 1).map((rest) => [x, ...rest]),
  );
}

/** The picks of `r` items of `pool` in their order, in itertools' order. */
function combinations(pool: unknown[], r: number): unknown[][] {
  if (r === 0) return [[]];
  return pool.flatMap((x, i) => combinations(pool.slice(i + 1), r - 1).map((rest) => [x, ...rest]));
}

export const itertoolsFilters: FilterTable = {
  product(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const unknown = Object.keys(kw).find((k) => k !== 'repeat');
    if (unknown) throw new FilterTypeError(`'${unknown}' is an invalid keyword argument for product()`);
    const lists = [value, ...pos].map(iterable);
    const repeat = kw.repeat === undefined ? 1 : length(kw.repeat);
    let out: unknown[][] = [[]];
    for (let i = 0; i < repeat; i++) for (const l of lists) out = out.flatMap((p) => l.map((x) => [...p, x]));
    return out.map((p) => pyTuple(p));
  },
  permutations(value, r?: unknown) {
    const pool = iterable(value);
    const n = r === undefined || r === null ? pool.length : length(r);
    return n > pool.length ? [] : permutations(pool, n).map((p) => pyTuple(p));
  },
  combinations(value, ...args) {
    if (!args.length) throw new FilterTypeError("combinations() missing required argument 'r' (pos 2)");
    const pool = iterable(value);
    const n = length(args[0]);
    return n > pool.length ? [] : combinations(pool, n).map((p) => pyTuple(p));
  },
};
