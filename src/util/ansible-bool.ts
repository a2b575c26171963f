import { unboxFloat } from './py-float.js';

/** Ansible's BOOLEANS_TRUE and BOOLEANS_FALSE (module_utils/parsing/convert_bool.py), as text. */
export const TRUE_WORDS = ['y', 'yes', 'on', '1', 'true', 't'];
export const FALSE_WORDS = ['n', 'no', 'off', '0', 'false', 'f'];

/** Ansible's boolean(): true/false, 1/0, or the words it knows, in any case; else undefined. */
export function boolOf(raw: unknown): boolean | undefined {
  // a whole float (1.0) counts as its number: Python's 1.0 == 1 finds it among the true values
  const v = unboxFloat(raw);
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    if (TRUE_WORDS.includes(w)) return true;
    if (FALSE_WORDS.includes(w)) return false;
  }
  return undefined;
}

/**
 * A boolean keyword's value (already templated) as Ansible's post_validate converts it: unset is
 * false, a value boolean() does not know fails the task, with Ansible's words.
 */
export function keywordBool(name: string, v: unknown): boolean {
  if (v === undefined || v === null) return false;
  const b = boolOf(v);
  if (b !== undefined) return b;
  const shown = typeof v === 'string' ? v : JSON.stringify(v);
  throw new Error(
    `the field '${name}' has an invalid value (${shown}), and could not be converted to a bool: ` +
      `valid booleans are true/false, yes/no, on/off, y/n, t/f, 1/0 (in any case)`,
  );
}

/**
 * A check_mode keyword as Ansible's callback reads it for its `[CHECK MODE]` marker: unset is the
 * run's --check; a value boolean() does not know (a template not rendered there) is Python-true.
 */
export function checkModeAsWritten(raw: unknown, runCheck: boolean): boolean {
  if (raw === undefined || raw === null) return runCheck;
  return boolOf(raw) ?? Boolean(raw);
}
