import type { Keywords, RoleInstance, Task } from '../playbook/types.js';
import { OMIT } from '../template/omit.js';

/**
 * Where a task sits: its role, the keywords of the play, role entry and enclosing blocks
 * (inherited by the task), and the vars those blocks and includes add.
 */
export interface Scope {
  role?: RoleInstance;
  /** the roles that pulled `role` in (meta dependencies, include/import_role in a role), outermost first */
  roleParents?: RoleInstance[];
  /** keyword layers, outermost first: play, role entry, blocks, include */
  layers: Keywords[];
  blockVars: Record<string, unknown>;
  /** vars of include_tasks/include_role (`vars:` and role params of include_role) */
  includeVars: Record<string, unknown>;
  /** the include's `vars:` as written (where a text came from: playbook/text-origin.ts) */
  includeRawVars?: Record<string, unknown>;
  /** inside a block that has a rescue section: a failure here is rescued, not counted */
  rescuable: boolean;
  /** inside rescue: ansible_failed_task and ansible_failed_result */
  failedInfo?: Record<string, unknown>;
  /** inside an always section: it still runs after an any_errors_fatal failure */
  always?: boolean;
  handler: boolean;
}

export function rootScope(playKw: Keywords, handler = false): Scope {
  return { layers: [playKw], blockVars: {}, includeVars: {}, rescuable: false, handler };
}

/** A child scope for a block, role or include with its keywords. */
export function childScope(parent: Scope, kw: Keywords, extra: Partial<Scope> = {}): Scope {
  const vars = kw.vars as Record<string, unknown> | undefined;
  return {
    ...parent,
    layers: [...parent.layers, kw],
    blockVars: vars ? { ...parent.blockVars, ...vars } : parent.blockVars,
    ...extra,
  };
}

/**
 * The scope of a role's own tasks under the keywords of its entry (`roles:`, a dependency). The
 * entry's `vars:` are not block vars: they are role variables (role-vars.ts), below the role's
 * vars/ and seen by the play's later tasks, as Ansible's Role.get_vars has them.
 */
export function roleEntryScope(parent: Scope, role: RoleInstance, extra: Partial<Scope> = {}): Scope {
  const { vars: _roleVars, ...kw } = role.kw;
  return childScope(parent, kw, { role, ...extra });
}

/** The scope of a role's tasks entered from `parent`: a role entered from inside a role is its child. */
export function roleScope(parent: Scope, role: RoleInstance, kw: Keywords = {}): Scope {
  const roleParents = parent.role ? [...(parent.roleParents ?? []), parent.role] : [];
  return childScope(parent, kw, { role, roleParents });
}

/**
 * What import_role/include_role inside a role adds to the include params, as Ansible's
 * IncludeRole: the including role's name and path in front of the ones it was itself given.
 */
export function parentRoleParams(scope: Scope): Record<string, unknown> {
  if (!scope.role) return {};
  const list = (k: string): unknown[] => {
    const v = scope.includeVars[k];
    return Array.isArray(v) ? v : [];
  };
  return {
    ansible_parent_role_names: [scope.role.name, ...list('ansible_parent_role_names')],
    ansible_parent_role_paths: [scope.role.path, ...list('ansible_parent_role_paths')],
  };
}

/**
 * The innermost value of a keyword, rendered: a level whose value renders to `omit` is passed over
 * for the next one out, as Ansible sets such an attribute back to what the task inherits.
 */
export function renderedKeyword(
  scope: Scope,
  task: { kw: Keywords } | undefined,
  name: string,
  render: (v: unknown) => unknown,
): unknown {
  const levels = [task?.kw[name], ...scope.layers.map((l) => l[name]).reverse()];
  for (const v of levels) {
    if (v === undefined) continue;
    const r = render(v);
    if (r !== OMIT) return r;
  }
  return undefined;
}

/** The innermost value of a keyword: the task's own, else its blocks', role's, play's. */
export function keyword(scope: Scope, task: { kw: Keywords } | undefined, name: string): unknown {
  if (task && task.kw[name] !== undefined) return task.kw[name];
  for (let i = scope.layers.length - 1; i >= 0; i--) {
    const v = scope.layers[i]![name];
    if (v !== undefined) return v;
  }
  return undefined;
}

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Every `when` that applies (ANDed): the blocks' and role's first, then the task's. */
export function whenConditions(scope: Scope, task: { kw: Keywords }): unknown[] {
  const out: unknown[] = [];
  // the play's layer has a `when` only from `import_playbook: ... when:`
  for (const layer of scope.layers) out.push(...asList(layer.when));
  out.push(...asList(task.kw.when));
  return out;
}

/**
 * Tags of a task: its own plus every enclosing layer's (tags are inherited). `render` templates
 * a templated tag (`tags: "{{ x }}"`), as Ansible's evaluate_tags does with the task's vars.
 */
export function tagsOf(scope: Scope, node: { kw: Keywords }, render?: (v: unknown) => unknown): Set<string> {
  const tags = new Set<string>();
  const addAll = (raw: unknown): void => {
    const v = render && hasTemplate(raw) ? render(raw) : raw;
    for (const t of asList(v)) {
      if (typeof t === 'string') for (const p of t.split(',')) tags.add(p.trim());
      else if (t !== null && t !== undefined) tags.add(String(t));
    }
  };
  for (const l of scope.layers) addAll(l.tags);
  addAll(node.kw.tags);
  return tags;
}

function hasTemplate(v: unknown): boolean {
  return asList(v).some((t) => typeof t === 'string' && (t.includes('{{') || t.includes('{%')));
}

/** `--tags` / `--skip-tags` with Ansible's special tags: always, never, all, tagged, untagged. */
export function tagsSelect(tags: Set<string>, only: string[], skip: string[]): boolean {
  const onlyAll = only.length === 0 || only.includes('all');
  let run: boolean;
  if (onlyAll) run = !tags.has('never');
  else {
    run =
      (tags.has('always') && !only.includes('never')) ||
      only.some((t) => tags.has(t)) ||
      (only.includes('tagged') && tags.size > 0 && !tags.has('never')) ||
      (only.includes('untagged') && tags.size === 0);
    if (tags.has('never') && !only.some((t) => tags.has(t) && t !== 'never')) run = only.includes('never');
  }
  if (run && skip.length) {
    if (skip.some((t) => tags.has(t))) run = false;
    if (skip.includes('tagged') && tags.size > 0) run = false;
    if (skip.includes('untagged') && tags.size === 0) run = false;
    // `always` survives --skip-tags unless `always` itself is skipped
    if (
      !run &&
      tags.has('always') &&
      !skip.includes('always') &&
      !skip.some((t) => t !== 'always' && tags.has(t))
    )
      run = true;
  }
  return run;
}

/** Name as displayed: `role : name` inside roles; the action when the task has no name. */
export function displayName(task: Task, renderedName?: string): string {
  const base = renderedName ?? (task.untitled ? undefined : task.name) ?? task.shownAction ?? task.action;
  return task.role ? `${task.role.name} : ${base}` : base;
}
