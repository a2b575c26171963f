import { isUnsafe, markUnsafe } from '../template/index.js';
import { isLazy, isPlainObject } from '../template/python.js';

/**
 * Ansible's strip_internal_keys: every `_ansible_*` key goes, at any depth of mappings and lists
 * (a set_fact value's own keys too), except those named in `keep`. What `register` stores has
 * none; what the output gets keeps the callbacks' few (`CALLBACK_KEYS`).
 */

const NONE: ReadonlySet<string> = new Set();

/** Ansible's CLEAN_EXCEPTIONS: the internal keys its callbacks still see, at any depth. */
export const CALLBACK_KEYS: ReadonlySet<string> = new Set([
  '_ansible_verbose_always',
  '_ansible_item_label',
  '_ansible_no_log',
  '_ansible_verbose_override',
]);

// deeper than any result a module returns; a self-referencing YAML alias stops here
const MAX_DEPTH = 100;

/**
 * The value without internal keys. Only what holds one is copied (the copy keeps an unsafe mark);
 * the rest is shared, so a result without any comes back as it is.
 */
export function withoutInternalKeys<T>(value: T, keep: ReadonlySet<string> = NONE): T {
  return strip(value, keep, 0) as T;
}

function strip(v: unknown, keep: ReadonlySet<string>, depth: number): unknown {
  if (depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      const s = strip(x, keep, depth + 1);
      if (s !== x) (out ??= [...v])[i] = s;
    });
    return out ? sameMark(v, out) : v;
  }
  // hostvars and vars views are Ansible's read-only Mapping classes, which it does not walk either
  if (!isPlainObject(v) || isLazy(v)) return v;
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('_ansible_') && !keep.has(k)) {
      out ??= { ...v };
      delete out[k];
      continue;
    }
    const s = strip(x, keep, depth + 1);
    if (s !== x) (out ??= { ...v })[k] = s;
  }
  return out ? sameMark(v, out) : v;
}

function sameMark<T extends object>(from: object, to: T): T {
  return isUnsafe(from) ? markUnsafe(to) : to;
}
