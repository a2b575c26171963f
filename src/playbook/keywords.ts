/**
 * Ansible's keyword names (ansible-core 2.14, docs "Playbook Keywords"), per place they may appear.
 * Anything else on a play, block or role entry is an error; on a task it is the module.
 */

/** Keywords every playable object shares (play, role entry, block, task). */
const COMMON = [
  'any_errors_fatal',
  'become',
  'become_exe',
  'become_flags',
  'become_method',
  'become_user',
  'check_mode',
  'collections',
  'connection',
  'debugger',
  'diff',
  'environment',
  'ignore_errors',
  'ignore_unreachable',
  'module_defaults',
  'name',
  'no_log',
  'port',
  'remote_user',
  'run_once',
  'tags',
  'throttle',
  'timeout',
  'vars',
] as const;

export const PLAY_KEYWORDS = new Set<string>([
  ...COMMON,
  'fact_path',
  'force_handlers',
  'gather_facts',
  'gather_subset',
  'gather_timeout',
  'handlers',
  'hosts',
  'max_fail_percentage',
  'order',
  'post_tasks',
  'pre_tasks',
  'roles',
  'serial',
  'strategy',
  'tasks',
  'vars_files',
  'vars_prompt',
]);

/** Keys of a `roles:` entry that are keywords; every other key is a role parameter. */
export const ROLE_ENTRY_KEYWORDS = new Set<string>([...COMMON, 'delegate_to', 'delegate_facts', 'when']);

export const BLOCK_KEYWORDS = new Set<string>([
  ...COMMON,
  'always',
  'block',
  'delegate_facts',
  'delegate_to',
  'notify',
  'rescue',
  'when',
]);

export const TASK_KEYWORDS = new Set<string>([
  ...COMMON,
  'action',
  'args',
  'async',
  'changed_when',
  'delay',
  'delegate_facts',
  'delegate_to',
  'failed_when',
  'local_action',
  'loop',
  'loop_control',
  'notify',
  'poll',
  'register',
  'retries',
  'until',
  'when',
]);

/** Only on tasks listed under handlers:. */
export const HANDLER_ONLY_KEYWORDS = new Set<string>(['listen']);

/** `with_items`, `with_dict`, ... : any lookup name after with_. */
export function isWithLookup(key: string): boolean {
  return /^with_[a-z_]+$/.test(key);
}

/** Actions the loader handles itself rather than a module (short names; FQCN forms are mapped). */
export const LOADER_ACTIONS = new Set<string>([
  'import_tasks',
  'include_tasks',
  'import_role',
  'include_role',
  'import_playbook',
  'include',
  'meta',
]);

/** `ansible.builtin.x` / `ansible.legacy.x` -> `x` for the loader's own actions. */
export function shortActionName(name: string): string {
  const m = /^ansible\.(?:builtin|legacy)\.(.+)$/.exec(name);
  return m ? m[1]! : name;
}

/** Values meta: accepts (Ansible 2.14). */
export const META_ACTIONS = new Set<string>([
  'noop',
  'flush_handlers',
  'refresh_inventory',
  'clear_facts',
  'clear_host_errors',
  'end_play',
  'end_host',
  'end_batch',
  'reset_connection',
]);

/** Every key of a task or include that makes it loop, in the order written: `loop`, `with_<lookup>`. */
export function loopKeys(kw: Record<string, unknown>): string[] {
  return Object.keys(kw).filter((k) => k === 'loop' || k.startsWith('with_'));
}

/** The loop keyword of a task or include, if any: `loop` or a `with_<lookup>`. */
export function loopKeyword(node: { kw: Record<string, unknown> }): string | undefined {
  if (node.kw.loop !== undefined) return 'loop';
  for (const k of Object.keys(node.kw)) if (k.startsWith('with_')) return k;
  return undefined;
}
