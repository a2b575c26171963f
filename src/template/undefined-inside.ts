import { isLazy, isPlainObject } from './python.js';
import { PlainUndefined, Undefined } from './undefined.js';

/**
 * An undefined inside a list or dict the expression built (`things | map(attribute='name')` where
 * one lacks it): Ansible's finalize fails on it (its _fail_on_undefined), whether the value stays
 * data or is printed into text. A plain Undefined (an inline if without else) is only noted in
 * `found`. Lazy views (hostvars, vars) are not walked.
 */
export function undefinedInside(
  v: unknown,
  found: { plain: boolean } = { plain: false },
  depth = 0,
): Undefined | undefined {
  if (depth > 32 || typeof v !== 'object' || v === null || isLazy(v)) return undefined;
  if (v instanceof PlainUndefined) found.plain = true;
  else if (v instanceof Undefined) return v;
  const items = Array.isArray(v) ? v : isPlainObject(v) ? Object.values(v) : [];
  for (const x of items) {
    const u = undefinedInside(x, found, depth + 1);
    if (u) return u;
  }
  return undefined;
}
