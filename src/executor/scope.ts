import type { Keywords, RoleInstance, Task } from '../playbook/types.js';

/**
 * Where a task sits: its role, the keywords of the play, role entry and enclosing blocks
 * (inherited by the task), and the vars those blocks and includes add.
 */
export interface Scope {
  role?: RoleInstance;
  /** keyword layers, outermost first: play, role entry, blocks, include */
  layers: Keywords[];
  blockVars: Record<string, unknown>;
  /** vars of include_tasks/include_role (`vars:` and role params of include_role) */
  includeVars: Record<string, unknown>;
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
  // the play's own layer has no `when`; start after it
  for (let i = 1; i < scope.layers.length; i++) out.push(...asList(scope.layers[i]!.when));
  out.push(...asList(task.kw.when));
  return out;
}

/** Tags of a task: its own plus every enclosing layer's (tags are inherited). */
export function tagsOf(scope: Scope, node: { kw: Keywords }): Set<string> {
  const tags = new Set<string>();
  const addAll = (v: unknown): void => {
    for (const t of asList(v)) {
      if (typeof t === 'string') for (const p of t.split(',')) tags.add(p.trim());
      else if (t !== null && t !== undefined) tags.add(String(t));
    }
  };
  for (const l of scope.layers) addAll(l.tags);
  addAll(node.kw.tags);
  return tags;
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
  const base = renderedName ?? task.name ?? task.action;
  return task.role ? `${task.role.name} : ${base}` : base;
}
