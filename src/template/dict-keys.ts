import { FilterTypeError } from './errors.js';
import { typeName } from './python.js';
import { Undefined } from './undefined.js';
import { keyText, putKey } from '../util/py-dict-keys.js';

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
