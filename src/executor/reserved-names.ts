/**
 * Ansible's warning for a play variable named like a keyword or a template global
 * (`Found variable using reserved name: lipsum`), given when the play starts for the variables it
 * has without a host: play vars, vars_files, vars_prompt answers, its roles' defaults and vars, -e.
 * The names are ansible-core 2.14's (vars/reserved.py's set, read from the installed ansible:
 * the play, role, block and task keywords, local_action and with_) and the template globals its
 * warning adds; `vars` is left out, as Ansible leaves it out.
 */
const RESERVED = new Set([
  ...['action', 'always', 'any_errors_fatal', 'args', 'async', 'async_val', 'become', 'become_exe'],
  ...['become_flags', 'become_method', 'become_user', 'block', 'changed_when', 'check_mode'],
  ...['collections', 'connection', 'debugger', 'delay', 'delegate_facts', 'delegate_to', 'diff'],
  ...['environment', 'fact_path', 'failed_when', 'force_handlers', 'gather_facts', 'gather_subset'],
  ...['gather_timeout', 'handlers', 'hosts', 'ignore_errors', 'ignore_unreachable', 'local_action'],
  ...['loop', 'loop_control', 'loop_with', 'max_fail_percentage', 'module_defaults', 'name'],
  ...['no_log', 'notify', 'order', 'poll', 'port', 'post_tasks', 'pre_tasks', 'register'],
  ...['remote_user', 'rescue', 'retries', 'roles', 'run_once', 'serial', 'strategy', 'tags', 'tasks'],
  ...['throttle', 'timeout', 'until', 'vars_files', 'vars_prompt', 'when', 'with_'],
  // the template globals
  ...['cycler', 'dict', 'joiner', 'lipsum', 'lookup', 'namespace', 'now', 'q', 'query', 'range', 'undef'],
]);

/** The warnings for `vars`, one per reserved name, in name order. */
export function reservedNameWarnings(vars: Record<string, unknown>): string[] {
  return Object.keys(vars)
    .filter((name) => RESERVED.has(name))
    .sort()
    .map((name) => `Found variable using reserved name: ${name}`);
}
