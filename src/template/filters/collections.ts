import { FilterError, FilterTypeError } from '../errors.js';
import { memberLookup, namedTuple, splitKwargs } from '../members.js';
import { runtime, type TemplarContext } from '../runtime.js';
import { isPlainObject, pyCompare, pyEq, pyIn, pyList, pyRepr, pyStr, truthy, typeName } from '../python.js';
import { isBoxedFloat } from '../../util/py-float.js';
import { isTuple, pyTuple } from '../../util/py-tuple.js';
import { Undefined, hinted } from '../undefined.js';
import type { FilterTable } from './types.js';
import { keyOf as dictKeyOf } from '../../util/py-dict-keys.js';

/** Lists and dicts: unique, union, sort, map, select*, combine, dict2items, zip, flatten ... */

export function seq(value: unknown, filter: string): unknown[] {
  const items = pyList(value);
  if (!items) throw new FilterError(`${filter}: expected a list, got ${typeName(value)}`);
  return items;
}

/**
 * Ansible's union of two values that are not both hashable is unique(a + b): Python's `+`, which
 * refuses a dict, and a string or list with something of another kind.
 */
function concatenated(a: unknown, b: unknown, filter: string): unknown[] {
  const kind = (v: unknown): string => (Array.isArray(v) && !isTuple(v) ? 'list' : typeName(v));
  const hashable = (v: unknown): boolean => !isPlainObject(v) && (!Array.isArray(v) || isTuple(v));
  const sequence = (v: unknown): boolean => typeof v === 'string' || Array.isArray(v);
  if (!(hashable(a) && hashable(b)) && (isPlainObject(a) || isPlainObject(b) || kind(a) !== kind(b))) {
    if (sequence(a))
      throw new FilterTypeError(`can only concatenate ${kind(a)} (not "${kind(b)}") to ${kind(a)}`);
    throw new FilterTypeError(`unsupported operand type(s) for +: '${kind(a)}' and '${kind(b)}'`);
  }
  return [...seq(a, filter), ...seq(b, filter)];
}

function keyOf(v: unknown): string {
  if (typeof v === 'string') return 's' + v;
  // 1 and 1.0 are one value to Python's set and ==
  return typeof v === 'number' || isBoxedFloat(v) ? 'n' + pyStr(Number(v)) : pyRepr(v);
}

function uniq(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const x of items) {
    const k = keyOf(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

/** `a.b.0` attribute paths as Jinja2's attribute= arguments take them. */
export function attr(item: unknown, path: unknown): unknown {
  let v = item;
  for (const part of pyStr(path).split('.')) {
    v = memberLookup(v, /^\d+$/.test(part) && Array.isArray(v) ? Number(part) : part, part);
    if (v instanceof Undefined) return v;
  }
  return v;
}

function callFilter(ctx: TemplarContext, name: string, value: unknown, args: unknown[]): unknown {
  const env = ctx.env as { getFilter(n: string): (...a: unknown[]) => unknown };
  return env.getFilter(name).call(ctx, value, ...args);
}

function callTest(ctx: TemplarContext, name: string | undefined, value: unknown, args: unknown[]): boolean {
  if (name === undefined) return truthy(value);
  return truthy(runtime.test(ctx.env, ctx, name, value, args));
}

function sortKey(item: unknown, attribute: unknown, caseSensitive: boolean): unknown {
  const v = attribute === undefined || attribute === null ? item : attr(item, attribute);
  if (v instanceof Undefined) v.fail();
  return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v;
}

function minMax(value: unknown, args: unknown[], sign: number): unknown {
  const { kw } = splitKwargs(args);
  const items = seq(value, sign < 0 ? 'min' : 'max');
  if (!items.length) return hinted(sign < 0 ? 'min' : 'max', 'No aggregated item, sequence was empty.');
  const cs = truthy(kw.case_sensitive ?? false);
  return items.reduce((best, x) =>
    sign * pyCompare(sortKey(x, kw.attribute, cs), sortKey(best, kw.attribute, cs)) > 0 ? x : best,
  );
}

function flatten(items: unknown[], levels: number | undefined, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const x of items) {
    if (skipNulls && (x === null || x === 'None')) continue;
    if (Array.isArray(x) && (levels === undefined || levels > 0))
      out.push(...flatten(x, levels === undefined ? undefined : levels - 1, skipNulls));
    else out.push(x);
  }
  return out;
}

/** Ansible's rekey_on_member: a dict of the items (a list's, or a dict's values) keyed by one member. */
function rekeyOnMember(data: unknown, key: unknown, duplicates: unknown): Record<string, unknown> {
  if (duplicates !== 'error' && duplicates !== 'overwrite')
    throw new FilterError(`duplicates parameter to rekey_on_member has unknown value: ${pyStr(duplicates)}`);
  const items = isPlainObject(data) ? Object.values(data) : Array.isArray(data) ? data : undefined;
  if (!items) throw new FilterTypeError('Type is not a valid list, set, or dict');
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if (!isPlainObject(item)) throw new FilterTypeError('List item is not a valid dict');
    const k = pyStr(key);
    if (!(k in item)) throw new FilterError(`Key ${k} was not found`);
    const elem = pyStr(item[k]);
    if (elem in out && duplicates === 'error')
      throw new FilterError(`Key ${elem} is not unique, cannot correctly turn into dict`);
    out[elem] = item;
  }
  return out;
}

export const collectionFilters: FilterTable = {
  rekey_on_member(value, key: unknown, duplicates: unknown = 'error') {
    return rekeyOnMember(value, key, duplicates);
  },
  unique(value, ...args) {
    // Ansible's unique: Jinja2's (case-insensitive unless case_sensitive, attribute=) where the items
    // are hashable; Ansible's own equality-based one otherwise, which takes neither parameter
    const { pos, kw } = splitKwargs(args);
    const cs = pos[0] ?? kw.case_sensitive;
    const attribute = pos[1] ?? kw.attribute;
    if (!Array.isArray(value) && typeof value !== 'string' && !isPlainObject(value))
      throw new FilterTypeError(`'${typeName(value)}' object is not iterable`);
    const items = seq(value, 'unique');
    const key = (x: unknown): unknown => {
      const v = attribute === undefined ? x : attr(x, attribute);
      return typeof v === 'string' && !truthy(cs ?? false) ? v.toLowerCase() : v;
    };
    const unhashable = items.map(key).find((k) => Array.isArray(k) || isPlainObject(k));
    if (unhashable !== undefined) {
      // Ansible's error carries Jinja2's (orig_exc) after its own words
      if (cs === false || attribute !== undefined)
        throw new FilterError(
          "Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied. " +
            `unhashable type: '${typeName(unhashable)}'`,
        );
      return uniq(items);
    }
    const seen = new Set<string>();
    return items.filter((x) => {
      const k = keyOf(key(x));
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  },
  union: (a, b) => uniq(concatenated(a, b, 'union')),
  intersect: (a, b) => {
    const other = seq(b, 'intersect');
    return uniq(seq(a, 'intersect').filter((x) => pyIn(other, x)));
  },
  difference: (a, b) => {
    const other = seq(b, 'difference');
    return uniq(seq(a, 'difference').filter((x) => !pyIn(other, x)));
  },
  symmetric_difference: (a, b) => {
    concatenated(a, b, 'symmetric_difference');
    const x = seq(a, 'symmetric_difference');
    const y = seq(b, 'symmetric_difference');
    return uniq([...x.filter((i) => !pyIn(y, i)), ...y.filter((i) => !pyIn(x, i))]);
  },
  sort(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const reverse = truthy(pos[0] ?? kw.reverse ?? false);
    const cs = truthy(pos[1] ?? kw.case_sensitive ?? false);
    const attribute = pos[2] ?? kw.attribute;
    const attrs = attribute === undefined ? [undefined] : pyStr(attribute).split(',');
    const items = [...seq(value, 'sort')];
    items.sort((x, y) => {
      for (const a of attrs) {
        const c = pyCompare(sortKey(x, a, cs), sortKey(y, a, cs));
        if (c !== 0) return reverse ? -c : c;
      }
      return 0;
    });
    return items;
  },
  // Jinja2's groupby: (grouper, list) pairs sorted by the key, case-insensitive unless asked
  groupby(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const attribute = pos[0] ?? kw.attribute;
    const dflt = pos[1] ?? kw.default;
    const cs = truthy(pos[2] ?? kw.case_sensitive ?? false);
    const keyOf = (x: unknown): unknown => {
      const v = attr(x, attribute);
      if (v instanceof Undefined && dflt !== undefined) return dflt;
      if (v instanceof Undefined) v.fail();
      return v;
    };
    const cmpKey = (x: unknown): unknown => {
      const v = keyOf(x);
      return !cs && typeof v === 'string' ? v.toLowerCase() : v;
    };
    const items = [...seq(value, 'groupby')].sort((x, y) => pyCompare(cmpKey(x), cmpKey(y)));
    const groups: unknown[][] = [];
    for (const x of items) {
      const last = groups[groups.length - 1];
      if (last && pyEq(cmpKey(last[0]), cmpKey(x))) last.push(x);
      else groups.push([x]);
    }
    return groups.map((g) => namedTuple([keyOf(g[0]), g], ['grouper', 'list'], '_GroupTuple'));
  },
  min: (value, ...args) => minMax(value, args, -1),
  max: (value, ...args) => minMax(value, args, 1),
  sum(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const attribute = pos[0] ?? kw.attribute;
    let total: unknown = pos[1] ?? kw.start ?? 0;
    for (const x of seq(value, 'sum'))
      total = runtime.arith('+', total, attribute === undefined ? x : attr(x, attribute));
    return total;
  },
  map(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const items = seq(value, 'map');
    // as Jinja2: attribute= maps an attribute only without a filter name; after one, the
    // keywords are that filter's (`map('map', attribute='key')`, `map('sort', reverse=true)`)
    if (pos.length === 0 && kw.attribute !== undefined) {
      return items.map((x) => {
        const v = attr(x, kw.attribute);
        return v instanceof Undefined && 'default' in kw ? kw.default : v;
      });
    }
    const name = pos[0];
    if (typeof name !== 'string') throw new FilterError('map: expected a filter name or attribute=');
    return items.map((x) => callFilter(this, name, x, args.slice(1)));
  },
  select(value, test?: unknown, ...args) {
    return seq(value, 'select').filter((x) => callTest(this, test as string | undefined, x, args));
  },
  reject(value, test?: unknown, ...args) {
    return seq(value, 'reject').filter((x) => !callTest(this, test as string | undefined, x, args));
  },
  selectattr(value, attribute: unknown, test?: unknown, ...args) {
    return seq(value, 'selectattr').filter((x) =>
      callTest(this, test as string | undefined, attr(x, attribute), args),
    );
  },
  rejectattr(value, attribute: unknown, test?: unknown, ...args) {
    return seq(value, 'rejectattr').filter(
      (x) => !callTest(this, test as string | undefined, attr(x, attribute), args),
    );
  },
  zip(value, ...others) {
    const lists = [value, ...others].map((l) => seq(l, 'zip'));
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => pyTuple(lists.map((l) => l[i])));
  },
  zip_longest(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const lists = [value, ...pos].map((l) => seq(l, 'zip_longest'));
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) =>
      pyTuple(lists.map((l) => (i < l.length ? l[i] : (kw.fillvalue ?? null)))),
    );
  },
  flatten(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const levels = pos[0] ?? kw.levels;
    return flatten(
      seq(value, 'flatten'),
      levels === undefined || levels === null ? undefined : Number(levels),
      truthy(pos[1] ?? kw.skip_nulls ?? true),
    );
  },
  extract(item, container: unknown, morekeys?: unknown) {
    let v = runtime.memberLookup(container, item, pyStr(item));
    const more = morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys];
    for (const k of more) v = runtime.memberLookup(v, k, pyStr(k));
    return v;
  },
  dictsort(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    if (!isPlainObject(value)) throw new FilterError('dictsort: expected a dict');
    const cs = truthy(pos[0] ?? kw.case_sensitive ?? false);
    const by = pyStr(pos[1] ?? kw.by ?? 'key');
    const reverse = truthy(pos[2] ?? kw.reverse ?? false);
    const items = Object.keys(value).map((k) => pyTuple([dictKeyOf(value, k), value[k]]));
    items.sort((x, y) => {
      const c = pyCompare(
        sortKey(by === 'value' ? x[1] : x[0], undefined, cs),
        sortKey(by === 'value' ? y[1] : y[0], undefined, cs),
      );
      return reverse ? -c : c;
    });
    return items;
  },
  // Jinja2's slice: `slices` columns of any iterable, the short ones padded when fill_with is not None
  slice(value, slices: unknown, fill?: unknown) {
    const items = seq(value, 'slice');
    const n = Number(slices);
    const per = Math.floor(items.length / n);
    const extra = items.length % n;
    const out: unknown[][] = [];
    for (let i = 0, start = 0; i < n; i++) {
      const end = start + per + (i < extra ? 1 : 0);
      const column = items.slice(start, end);
      if (fill !== undefined && fill !== null && i >= extra) column.push(fill);
      out.push(column);
      start = end;
    }
    return out;
  },
  batch(value, size: unknown, fill?: unknown) {
    const items = seq(value, 'batch');
    const n = Number(size);
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
    const last = out[out.length - 1];
    if (fill !== undefined && last) while (last.length < n) last.push(fill);
    return out;
  },
};
