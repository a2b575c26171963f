import type { InputError, SourcePos } from '../errors.js';
import type { VarPrompt } from './vars-prompt.js';

/**
 * The playbook AST the loader produces and the executor runs. Keyword values are kept raw
 * (they may hold `{{ }}` templates); the executor templates them per host at run time.
 * Keys of `kw` are Ansible's own keyword names (snake_case): when, tags, become, become_user,
 * become_method, check_mode, diff, environment, ignore_errors, ignore_unreachable, no_log,
 * run_once, delegate_to, any_errors_fatal, timeout, vars, loop, with_<lookup>, loop_control,
 * register, notify, changed_when, failed_when, retries, until, delay, listen, args, ...
 */
export type Keywords = Record<string, unknown>;

export interface RoleInstance {
  name: string;
  /** absolute path of the role directory (role_path) */
  path: string;
  /** parameters given where the role is used (`roles: [{role: x, a: 1}]`) */
  params: Record<string, unknown>;
  defaults: Record<string, unknown>;
  vars: Record<string, unknown>;
  /** meta/argument_specs.yml, entry point `main`, if present */
  argumentSpec?: ArgumentSpec;
  /** roles from meta/main.yml dependencies, run before this one */
  dependencies: RoleInstance[];
  tasks: TaskNode[];
  handlers: TaskNode[];
  /** keywords applied to every task of the role (when, tags, become ... from the play's roles: entry) */
  kw: Keywords;
  pos: SourcePos;
  /**
   * meta/main.yml allow_duplicates: true. Without it the loader hands out ONE instance (the same
   * object) for the same role + params within a play; the executor runs an instance once per play.
   */
  allowDuplicates?: boolean;
  /**
   * the keywords of the import_role that first brought this role in: its handlers run under them
   * (delegate_to, when, vars ...), as Ansible makes the import their parent
   */
  importKw?: Keywords;
}

export interface ArgumentSpecOption {
  type?: string;
  required?: boolean;
  default?: unknown;
  choices?: unknown[];
  elements?: string;
  options?: Record<string, ArgumentSpecOption>;
  /** other names the option answers to (the value given under one counts as the option's) */
  aliases?: string[];
  /** hides the value in Ansible's module output; a check shows no values, so nothing to do here */
  no_log?: boolean;
  description?: string | string[];
}

export interface ArgumentSpec {
  /** the entry point the spec is of: `main`, or the tasks_from name */
  entryPoint: string;
  short_description?: string;
  options: Record<string, ArgumentSpecOption>;
  pos: SourcePos;
}

interface NodeBase {
  /** Ansible keywords on this node */
  kw: Keywords;
  pos: SourcePos;
  /** the role this node belongs to, for `role : name` display, role_path and role vars */
  role?: RoleInstance;
}

/** A module call. */
export interface Task extends NodeBase {
  type: 'task';
  name?: string;
  /** the name was no text (`name: 1`): shown as the action, as Ansible shows it; still a handler's name */
  untitled?: true;
  /** canonical module name from the registry ('copy', never 'ansible.builtin.copy'); 'meta' for meta tasks */
  action: string;
  /** the action as written when it is not `action` (`ansible.builtin.copy`): an unnamed task shows it */
  shownAction?: string;
  /** module arguments, raw (templated at run time) */
  args: Record<string, unknown>;
  /** where the module's key stands (key=value arguments have no place of their own) */
  actionPos?: SourcePos;
  /** true when listed under handlers: */
  handler?: boolean;
  /**
   * written as `action:` / `local_action:`: Ansible 2.14 resolves no module for module_defaults
   * then (the parser sets resolved_action only for a module key), so none apply
   */
  viaActionKey?: true;
}

export interface Block extends NodeBase {
  type: 'block';
  name?: string;
  block: TaskNode[];
  rescue: TaskNode[];
  always: TaskNode[];
  /** a role's meta dependency inside an imported role's body (skipped where that role already ran) */
  dependency?: boolean;
  /** import_role's `rolespec_validate: false`: the role's argument_specs are not checked */
  skipArgumentSpec?: boolean;
  /**
   * import_role: the role object it shares with the play's other imports and includes of that
   * role (roleImportKey), and that object's allow_duplicates (shared, the last import's)
   */
  roleImport?: { key: string; duplicates: { allow: boolean } };
  /**
   * a static legacy `include`: the `vars:` given on it are include parameters (above set_fact), as
   * in Ansible; its `k=v` arguments stay in kw.vars (task vars)
   */
  includeParams?: Record<string, unknown>;
}

/** include_tasks / include_role: resolved at run time (import_* are resolved at load time into blocks). */
export interface Include extends NodeBase {
  type: 'include_tasks' | 'include_role';
  name?: string;
  /** include_tasks: the file (may be templated); include_role: the role name and its options */
  args: Record<string, unknown>;
  /** directory relative paths are resolved from */
  baseDir: string;
  /** the action as written when it is not `type` (`ansible.builtin.include_role`): an unnamed include shows it */
  shownAction?: string;
}

export type TaskNode = Task | Block | Include;

export interface Play {
  name: string;
  /** host pattern(s), raw */
  hosts: string | string[];
  /** play keywords: gather_facts, serial, max_fail_percentage, any_errors_fatal, force_handlers, order, strategy, become*, ... */
  kw: Keywords;
  vars: Record<string, unknown>;
  /** files listed in vars_files, resolved to absolute paths (a nested list: first file that exists) */
  varsFiles: Array<string | string[]>;
  /** where each vars_files entry is written (a templated name is resolved when the play starts) */
  varsFilesPos?: SourcePos[];
  /** vars_prompt: what to ask when the play starts (absent: nothing) */
  varsPrompt?: VarPrompt[];
  roles: RoleInstance[];
  preTasks: TaskNode[];
  tasks: TaskNode[];
  postTasks: TaskNode[];
  /** the play's own handlers; role handlers stay on their RoleInstance */
  handlers: TaskNode[];
  /** roles pulled in by import_role (inside Blocks): their handlers belong to the play too */
  importedRoles?: RoleInstance[];
  /** problems a run meets as task failures (LoadContext.deferred), reported by `validate` */
  deferred?: InputError[];
  /** directory of the playbook file that holds this play (playbook_dir) */
  playbookDir: string;
  pos: SourcePos;
}

export interface Playbook {
  /** absolute path of the top playbook file */
  file: string;
  /** every play, with import_playbook flattened in order */
  plays: Play[];
}
