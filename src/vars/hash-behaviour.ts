import { isMarked, seal } from '../template/unsafe.js';
import { copyKeyTypes } from '../util/py-dict-keys.js';

/**
 * Ansible's hash_behaviour ([defaults] hash_behaviour, ANSIBLE_HASH_BEHAVIOUR): how two sources of
 * variables combine (Ansible's combine_vars). `replace`, the default: a name's value in the higher
 * source replaces the lower one whole. `merge`: two mappings of the same name merge key by key,
 * recursively (merge_hash); anything else, lists included, is replaced.
 */
export type HashBehaviour = 'replace' | 'merge';

let merging = false;

/** Set once for the run, before the playbooks load (a play's `vars:` list combines at load). */
export function setHashBehaviour(b: HashBehaviour): void {
  merging = b === 'merge';
}

export function hashBehaviour(): HashBehaviour {
  return merging ? 'merge' : 'replace';
}

type Vars = Record<string, unknown>;

/** A mapping as YAML, JSON and templates make them; class instances (unsafe text, vault values) are not. */
function isMapping(v: unknown): v is Vars {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Ansible's merge_hash(x, y) with list_merge=replace: a new mapping, y's keys winning, mappings on
 * both sides merged recursively. Neither side is changed. What comes out of an unsafe (host's)
 * mapping stays unsafe in the new one.
 */
export function mergeHash(x: Vars, y: Vars): Vars {
  const out: Vars = {};
  const xUnsafe = isMarked(x);
  for (const [k, v] of Object.entries(x)) out[k] = xUnsafe ? seal(v) : v;
  const yUnsafe = isMarked(y);
  for (const [k, raw] of Object.entries(y)) {
    out[k] = mergedValue(out[k], yUnsafe ? seal(raw) : raw);
  }
  copyKeyTypes(x, out);
  copyKeyTypes(y, out);
  return out;
}

/** What a name holds once `v` merges into `old`: both mappings merged, else `v`. */
export function mergedValue(old: unknown, v: unknown): unknown {
  return isMapping(old) && isMapping(v) ? mergeHash(old, v) : v;
}

/**
 * combine_vars(old, v) of two mappings with a hash_behaviour of its own (include_vars'
 * argument): merged recursively, or `v`'s keys over `old`'s; undefined when either is no mapping
 * (Ansible fails then).
 */
export function combinedMappings(old: unknown, v: unknown, b: HashBehaviour): Vars | undefined {
  if (!isMapping(old) || !isMapping(v)) return undefined;
  return b === 'merge' ? mergeHash(old, v) : { ...old, ...v };
}

/** combine_vars: `from` goes into `into` (changed in place, and returned) by the run's hash_behaviour. */
export function combineInto(into: Vars, from: Vars | undefined): Vars {
  if (!from) return into;
  if (!merging) return Object.assign(into, from);
  const fromUnsafe = isMarked(from);
  for (const [k, raw] of Object.entries(from)) into[k] = mergedValue(into[k], fromUnsafe ? seal(raw) : raw);
  return into;
}

/** Several sources combined in order into a new mapping (later wins or merges). */
export function combineAll(sources: readonly (Vars | undefined)[]): Vars {
  const out: Vars = {};
  for (const s of sources) combineInto(out, s);
  return out;
}
