/**
 * A shallow copy of `o` that properties are then added to. V8 11 (Node 20) gives a spread's copy
 * (`{ ...o }`) a map of its own, so each property added to it, or spread into the literal after
 * it, is a runtime call that makes a new map: microseconds for a module's result, against tenths
 * of one for Object.assign's copy. Object.assign would set the copy's prototype from an own
 * `__proto__` key, which JSON from a host can carry: such an object is copied by spread.
 */
export function extensibleCopy<T extends object>(o: T): T {
  return Object.hasOwn(o, '__proto__') ? { ...o } : Object.assign({}, o);
}
