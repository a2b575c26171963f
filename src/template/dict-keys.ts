import { FilterError, FilterTypeError } from './errors.js';
import { isPlainObject, pyList, typeName } from './python.js';
import { Undefined } from './undefined.js';
import { copyKeyTypes, keyText, putKey } from '../util/py-dict-keys.js';

/** A value used as a dict key: Python refuses an unhashable one (a list, a dict) with a TypeError. */
export function checkHashable(key: unknown): void {
  if (keyText(key) === undefined) throw new FilterTypeError(`unhashable type: '${typeName(key)}'`);
}

/**
 * A dict literal's value (`{1: 'a', item.key: v}`, dict-literals.ts), its keys of any type
 * (util/py-dict-keys.ts); an undefined name used as a key fails as it is read.
 */
export function dictLiteral(pairs: [unknown, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    if (key instanceof Undefined) key.fail();
    checkHashable(key);
    putKey(out, key, value);
  }
  return out;
}

/**
 * Python's dict(): a copy of a mapping, or a mapping of the (key, value) pairs of a list
 * (`dict(names | zip(values))`), with the keyword arguments over it.
 */
export function pyDict(pos: unknown[], kw: Record<string, unknown>): Record<string, unknown> {
  if (pos.length > 1) throw new FilterTypeError(`dict expected at most 1 argument, got ${pos.length}`);
  const out: Record<string, unknown> = {};
  const from = pos[0];
  if (from instanceof Undefined) from.fail();
  if (isPlainObject(from)) {
    Object.assign(out, from);
    copyKeyTypes(from, out);
  } else if (from !== undefined) {
    const items = pyList(from);
    if (items === undefined) throw new FilterTypeError(`'${typeName(from)}' object is not iterable`);
    items.forEach((pair, i) => {
      const kv = pyList(pair);
      if (kv === undefined)
        throw new FilterTypeError(`cannot convert dictionary update sequence element #${i} to a sequence`);
      if (kv.length !== 2)
        throw new FilterError(
          `dictionary update sequence element #${i} has length ${kv.length}; 2 is required`,
        );
      checkHashable(kv[0]);
      putKey(out, kv[0], kv[1]);
    });
  }
  return Object.assign(out, kw);
}
