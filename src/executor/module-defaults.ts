import type { SourcePos } from '../errors.js';
import { defaultsKey, groupModules } from '../playbook/module-defaults.js';
import type { Task } from '../playbook/types.js';
import { UndefinedVariableError } from '../template/errors.js';
import type { Templar } from '../template/index.js';
import { TemplateFailure, errText } from './task-args.js';
import type { Scope } from './scope.js';

/**
 * module_defaults as Ansible 2.14 applies them (executor/module_common.py
 * get_action_args_with_defaults): the levels' mappings are merged outermost first (play, role
 * entry, blocks, the task), a later entry for the same module replacing an earlier one whole;
 * the merged mapping is templated with the task's vars; the module's groups give their defaults,
 * then the module's own entry, and the task's arguments win over both.
 */

/** The module_defaults values that apply to a task, outermost first; none for `action:` forms. */
export function moduleDefaultsLevels(scope: Scope, task: Task): unknown[] {
  if (task.viaActionKey) return [];
  return [...scope.layers.map((l) => l.module_defaults), task.kw.module_defaults].filter(
    (v) => v !== undefined && v !== null,
  );
}

/** The default arguments of `action` under these levels, templated; {} when there are none. */
export function defaultArgs(
  action: string,
  levels: unknown[],
  templar: Templar,
  pos: SourcePos,
): Record<string, unknown> {
  if (levels.length === 0) return {};
  const merged: Record<string, unknown> = {};
  for (const level of levels)
    for (const entry of Array.isArray(level) ? level : [level])
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) merged[defaultsKey(k)] = v;
  let rendered: Record<string, unknown>;
  try {
    // all of it, as Ansible does: an undefined variable in any entry fails every task under it
    rendered = templar.template(merged, pos) as Record<string, unknown>;
  } catch (e) {
    const why = e instanceof UndefinedVariableError ? ', which includes an undefined variable' : '';
    throw new TemplateFailure(
      `The field 'module_defaults' has an invalid value${why}. The error was: ${errText(e)}`,
      true,
    );
  }
  const out: Record<string, unknown> = {};
  const add = (key: string): void => {
    const v = rendered[key];
    if (v === undefined || v === null) return;
    if (typeof v !== 'object' || Array.isArray(v))
      throw new TemplateFailure(
        `module_defaults: the defaults of '${key}' must be a mapping of arguments, not ${JSON.stringify(v)}`,
        true,
      );
    Object.assign(out, v);
  };
  for (const key of Object.keys(rendered))
    if (key.startsWith('group/') && groupModules(key.slice('group/'.length)).includes(action)) add(key);
  add(action);
  return out;
}
