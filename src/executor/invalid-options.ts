import type { ModuleDef } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import { isAnsibleOnlyArg } from '../modules/lib/ansible-only-args.js';

/**
 * Ansible's actions that list the options they take (ActionBase._VALID_ARGS) and refuse any
 * other before they do anything, in check mode too. Playbooks (Ansible's own tests among them)
 * compare the words, so they are Ansible's.
 */
const LISTED_OPTIONS = new Set([
  'assert',
  'debug',
  'fail',
  'group_by',
  'reboot',
  'set_stats',
  'wait_for_connection',
]);

/**
 * "Invalid options for debug: foo" (the action as the task wrote it, `ansible.builtin.debug`
 * too) when such an action is given an option it does not take; undefined otherwise. An option
 * Ansible's action takes and fabplay lacks is left to the module's own check, which says so.
 */
export function invalidOptions(
  task: Task,
  mod: ModuleDef<unknown>,
  args: Record<string, unknown>,
): string | undefined {
  if (!LISTED_OPTIONS.has(mod.name) || !mod.args) return undefined;
  const bad = Object.keys(args).filter((k) => !(k in mod.args!) && !isAnsibleOnlyArg(mod.name, k));
  return bad.length ? `Invalid options for ${task.shownAction ?? task.action}: ${bad.join(',')}` : undefined;
}
