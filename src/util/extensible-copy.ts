/**
 * Object.assign(target, ...sources), where a source's own `__proto__` key (JSON from a host can
 * carry one) is copied as data, as a spread copies it, instead of setting target's prototype.
 *
 * For objects built from others: V8 11 (Node 20) gives a spread that opens a literal (`{ ...o }`)
 * a map of its own, so each key after it (`{ ...o, a }`, `{ ...o, ...p }`), or added to the copy
 * later, is a runtime call that makes a new map: microseconds for a module's arguments or result,
 * against tenths of one for Object.assign. A literal that names a key before its spread
 * (`{ k, ...o, dest }`) is built on V8's fast path too: an options object whose key order does
 * not matter can be written that way instead.
 */
export function assignOwn<T extends object>(target: T, ...sources: readonly (object | undefined)[]): T {
  for (const s of sources) {
    if (!s) continue;
    if (!Object.hasOwn(s, '__proto__')) {
      Object.assign(target, s);
      continue;
    }
    for (const k of Reflect.ownKeys(s)) {
      if (!Object.prototype.propertyIsEnumerable.call(s, k)) continue;
      const value: unknown = (s as Record<PropertyKey, unknown>)[k];
      Object.defineProperty(target, k, { value, writable: true, enumerable: true, configurable: true });
    }
  }
  return target;
}

/** A shallow copy of `o` that properties are then added to (assignOwn says why not `{ ...o }`). */
export function extensibleCopy<T extends object>(o: T): T {
  return assignOwn({}, o) as T;
}
