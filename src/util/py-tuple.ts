/**
 * Python's tuple where JavaScript has one kind of list. A tuple is a JavaScript array with a hidden
 * mark, so everything that takes a list takes it; the mark only changes what Python shows
 * differently: repr() prints `(1, 2)`, `(1,)` and `()`, type_debug says 'tuple', a tuple never
 * equals a list, and `+` keeps to one kind. The mark is a non-enumerable symbol, so JSON, copies
 * (`[...t]`, map, slice, structuredClone) and YAML see a plain list: Python's list(), sort and JSON
 * give lists too. Only filters that return tuples in Python (dictsort, zip, splitext ...) make one;
 * a task's result and a loop's items turn them into lists (template/tuples-as-lists.ts).
 */

/** known across copies of this file (tsx may load one as ESM and one as CommonJS), unlike instanceof */
const TUPLE = Symbol.for('fabplay.tuple');

/**
 * `items` marked as a tuple (the array itself, not a copy); `type` names a subclass for type_debug
 * (Jinja2's groupby gives `_GroupTuple`s, which print as tuples).
 */
export function pyTuple<T>(items: T[], type = 'tuple'): T[] {
  return Object.defineProperty(items, TUPLE, { value: type, enumerable: false });
}

/** True for an array marked as a Python tuple. */
export function isTuple(v: unknown): v is unknown[] {
  return Array.isArray(v) && (v as { [TUPLE]?: string })[TUPLE] !== undefined;
}

/** The Python type of a tuple: 'tuple', or its subclass. */
export function tupleType(v: unknown[]): string {
  return (v as { [TUPLE]?: string })[TUPLE] ?? 'list';
}
