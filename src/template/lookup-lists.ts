import { FilterError, FilterTypeError } from './errors.js';
import { pyList, typeName } from './python.js';

/**
 * The lookups that combine lists: together (zip_longest), nested, and community.general's
 * cartesian (product), for lookup()/query() and their with_ loops. As Ansible's: each term is
 * listified (a string or a scalar is a list of one, a dict gives its keys), and each row is
 * flattened one level, so a list or tuple in a term is spliced into the row (LookupBase._flatten).
 */

/** Ansible's listify_lookup_plugin_terms of a term already templated. */
function listified(term: unknown): unknown[] {
  return typeof term === 'string' ? [term] : (pyList(term) ?? [term]);
}

/** LookupBase._flatten: the row's lists and tuples spliced in, one level. */
function flattened(row: unknown): unknown[] {
  const items = pyList(row);
  if (!items) throw new FilterTypeError(`'${typeName(row)}' object is not iterable`);
  return items.flatMap((x) => (Array.isArray(x) ? x : [x]));
}

/** The rows of `lists` combined in order, the last list varying fastest. */
function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((rows, l) => rows.flatMap((r) => l.map((x) => [...r, x])), [[]]);
}

export function together(terms: unknown[]): unknown[] {
  const lists = terms.map(listified);
  if (!lists.length) throw new FilterError('with_together requires at least one element in each list');
  const n = Math.max(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => flattened(lists.map((l) => (i < l.length ? l[i] : null))));
}

export function nested(terms: unknown[]): unknown[] {
  const [first, ...rest] = terms.map(listified);
  if (!first) throw new FilterError('with_nested requires at least one element in the nested list');
  // each step flattens the pair it makes; a single list's items are flattened themselves
  const rows = rest.reduce<unknown[]>((acc, l) => acc.flatMap((x) => l.map((y) => flattened([x, y]))), first);
  return rows.map(flattened);
}

export function cartesian(terms: unknown[]): unknown[] {
  const lists = terms.map(listified);
  if (!lists.length) throw new FilterError('with_cartesian requires at least one element in each list');
  return product(lists).map(flattened);
}
