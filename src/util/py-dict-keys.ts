import { floatRepr, isBoxedFloat } from './py-float.js';

/**
 * Python dicts take keys of any hashable type (`{1: 'a'}`, YAML's `10: ten`); fabplay's dicts are
 * JavaScript objects, whose keys are text. A key of another type is kept under a name (keyText),
 * so `d[1]`, `d[1.0]` and `1 in d` find it as in Python, and the key itself is remembered beside
 * the object, so that printing, iterating and dict2items give it back as an int, a float, a bool or
 * None. A dict copied without copyKeyTypes keeps the names only (text keys, as before).
 */

const typedKeys = new WeakMap<object, Map<string, unknown>>();

/**
 * The name a key is kept under: text as it is; a number as Python's str() of the int it equals (a
 * whole float 1.0 keys as 1 does, as in Python), else its repr; true, false and None as the JSON
 * words (to_json writes them so). A list or a mapping cannot be a key: undefined.
 */
export function keyText(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || isBoxedFloat(key)) {
    const n = Number(key);
    return Number.isInteger(n) ? String(n) : floatRepr(n);
  }
  if (typeof key === 'boolean') return String(key);
  if (key === null || key === undefined) return 'null';
  if (Array.isArray(key)) return undefined;
  const proto = Object.getPrototypeOf(key) as unknown;
  if (proto === Object.prototype || proto === null) return undefined;
  return String(key);
}

/**
 * The names `key` may be kept under: its own, and for True, False, 1 and 0 the other spelling of
 * the same key (Python's True == 1: `m[true]` finds the key 1, `m[1]` the key True).
 */
export function keyNames(key: unknown): string[] {
  const name = keyText(key);
  if (name === undefined) return [];
  if (typeof key === 'string') return [name];
  if (typeof key === 'boolean') return [name, key ? '1' : '0'];
  if (name === '1' || name === '0') return [name, name === '1' ? 'true' : 'false'];
  return [name];
}

/**
 * The name under which `dict` holds `key` (`has` tells which names it holds), or undefined. Text
 * does not find a key of another type ('10' is not the key 10), as in Python; a number still finds
 * the text of its name, for a dict copied without its key types.
 */
export function nameOf(dict: object, key: unknown, has: (name: string) => boolean): string | undefined {
  return keyNames(key).find((n) => has(n) && (typeof key !== 'string' || typeof keyOf(dict, n) === 'string'));
}

/** `dict[key] = value` with a key of any (hashable) type; the caller checked keyText. */
export function putKey(dict: Record<string, unknown>, key: unknown, value: unknown): void {
  const name = keyText(key)!;
  if (name === '__proto__') Object.defineProperty(dict, name, { value, enumerable: true, writable: true });
  else dict[name] = value;
  if (isTypedKey(key)) putType(dict, name, key);
  else typedKeys.get(dict)?.delete(name);
}

/** the kinds of key a name cannot stand for: numbers, booleans, None */
function isTypedKey(key: unknown): boolean {
  return typeof key === 'number' || typeof key === 'boolean' || key === null || isBoxedFloat(key);
}

/** The key an entry of `dict` was given (its name when it was text or is not known). */
export function keyOf(dict: object, name: string): unknown {
  const types = typedKeys.get(dict);
  return types?.has(name) ? types.get(name) : name;
}

/** The keys of `dict` in order, as they were given (Python's list(d)). */
export function dictKeys(dict: object): unknown[] {
  const types = typedKeys.get(dict);
  const names = Object.keys(dict);
  return types ? names.map((n) => (types.has(n) ? types.get(n) : n)) : names;
}

/** A copy `to` of (some of) the entries of `from` keeps their keys' types. */
export function copyKeyTypes(from: object, to: object): void {
  const types = typedKeys.get(from);
  if (!types) return;
  for (const [name, key] of types) if (Object.prototype.hasOwnProperty.call(to, name)) putType(to, name, key);
}

function putType(dict: object, name: string, key: unknown): void {
  const types = typedKeys.get(dict);
  if (types) types.set(name, key);
  else typedKeys.set(dict, new Map([[name, key]]));
}

/**
 * The names of `dict`'s entries in the order Python's sorted() puts their keys (PyYAML's dump,
 * json.dumps with sort_keys): text by code point, numbers and booleans by value. Keys Python cannot
 * compare (text with numbers, None with anything) keep the dict's order, as PyYAML leaves them.
 */
export function sortedNames(dict: object): string[] {
  const names = Object.keys(dict);
  const keys = names.map((n) => keyOf(dict, n));
  if (keys.every((k) => typeof k === 'string')) return names.sort();
  const numeric = keys.every((k) => typeof k === 'number' || typeof k === 'boolean' || isBoxedFloat(k));
  if (!numeric || names.length < 2) return names;
  const order = names.map((n, i) => ({ n, v: Number(keys[i]) }));
  return order.sort((a, b) => a.v - b.v).map((x) => x.n);
}
