import { boolOf } from '../util/ansible-bool.js';

/**
 * What may keep a task's certain failure from stopping the play, so that `run` only warns about
 * it: `when` (the task may be skipped), `failed_when` (its failure may not count) and the
 * `ignore_errors` in force. A literal value that guards nothing (`when: true`,
 * `ignore_errors: false`) is no guard: Ansible fails the task there as it would without it.
 */

/** Whether `when` or `failed_when` given in `kw` may keep the task from failing. */
export function guards(kw: Record<string, unknown>, keys: ReadonlyArray<'when' | 'failed_when'>): boolean {
  return keys.some((k) => {
    const v = kw[k];
    if (v === undefined) return false;
    // only YAML's true: a bare word in a condition is a variable name to Ansible
    return k === 'failed_when' || !(Array.isArray(v) ? v : [v]).every((c) => c === true);
  });
}

/**
 * The ignore_errors in force under `kw`: its own when given (the innermost one wins, as in
 * Ansible, so `false` under a play's `true` ignores nothing), else the inherited one. Ansible's
 * boolean words count once templated (`'no'`); a template may be anything, so it ignores.
 */
export function ignoresErrors(kw: Record<string, unknown>, inherited: boolean): boolean {
  const v = kw.ignore_errors;
  return v === undefined ? inherited : boolOf(v) !== false;
}
