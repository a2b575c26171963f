import { isLazy, isPlainObject } from './python.js';
import { isTemplate } from './native.js';

/**
 * Which raw values hold templates. Objects are scanned once and remembered (facts and inventory
 * dicts are shared by every task), so the lazy lookup of a big template-free dict costs nothing.
 */
const scanned = new WeakMap<object, boolean>();
const unsafe = new WeakSet<object>();

/**
 * Ansible's "unsafe": data that came from a host (a registered result, slurped text) is never
 * templated, even when it contains `{{`. The executor marks registered results with this.
 */
export function markUnsafe<T>(value: T): T {
  if (typeof value === 'object' && value !== null) unsafe.add(value);
  return value;
}

export function needsTemplating(v: unknown): boolean {
  if (typeof v === 'string') return isTemplate(v);
  if (typeof v !== 'object' || v === null || isLazy(v) || unsafe.has(v)) return false;
  if (!Array.isArray(v) && !isPlainObject(v)) return false;
  const hit = scanned.get(v);
  if (hit !== undefined) return hit;
  scanned.set(v, false); // a cycle holds no template through itself
  let found = false;
  if (Array.isArray(v)) found = v.some(needsTemplating);
  else
    for (const [k, x] of Object.entries(v))
      if (isTemplate(k) || needsTemplating(x)) {
        found = true;
        break;
      }
  scanned.set(v, found);
  return found;
}
