import { boolOf } from '../util/ansible-bool.js';

/**
 * Keywords under which a task's certain failure may not happen or not stop the play, so that
 * `run` only warns about it: `when` (the task may be skipped), `ignore_errors` and `failed_when`
 * (its failure may not count). A literal value that guards nothing (`ignore_errors: false`,
 * `when: true`) is no guard: Ansible fails the task there as it would without the keyword.
 */
const GUARDS = ['when', 'ignore_errors', 'failed_when'] as const;
type Guard = (typeof GUARDS)[number];

/** Whether a literal keyword value leaves the task to fail as if the keyword were absent. */
function guardsNothing(key: Guard, value: unknown): boolean {
  // Ansible's boolean words count once the value is templated: 'no' ignores nothing either
  if (key === 'ignore_errors') return boolOf(value) === false;
  // only YAML's true: a bare word in a condition is a variable name to Ansible
  if (key === 'when') return (Array.isArray(value) ? value : [value]).every((v) => v === true);
  return false;
}

/** Whether any of `keys` given in `kw` may keep a failure of the task from stopping the play. */
export function guards(kw: Record<string, unknown>, keys: readonly Guard[] = GUARDS): boolean {
  return keys.some((k) => kw[k] !== undefined && !guardsNothing(k, kw[k]));
}
