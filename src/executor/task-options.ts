import type { Keywords, Task } from '../playbook/types.js';
import type { Templar } from '../template/index.js';
import type { Scope } from './scope.js';
import { keyword } from './scope.js';
import type { SourcePos } from '../errors.js';
import { UndefinedVariableError } from '../template/errors.js';
import { boolOf } from '../util/ansible-bool.js';
import { keptBool } from './bool-keywords.js';

/**
 * Ansible's boolean reading of a keyword value (its words: t/f, y/n, on/off, 1/0 ...), where a
 * value it does not know counts as false rather than failing the task (keywordBool does that).
 * Not Python's truth (template/python.ts truthy): "no" and "0" are false here, true there.
 */
export function keywordTrue(v: unknown): boolean {
  return boolOf(v) ?? false;
}

/**
 * Whether the node's failure is ignored. A value that is no boolean once templated (or that fails
 * to template) fails Ansible's post_validate, which leaves the field as written: any text is true.
 * `render` may throw.
 */
export function errorsIgnored(
  scope: Scope,
  node: { kw: Keywords },
  render: (v: unknown) => unknown,
): boolean {
  return keptBool(scope, node, 'ignore_errors', render);
}

/** Whether a failed or unreachable result is ignored (ignore_errors, ignore_unreachable). */
export function outcomeIgnored(
  scope: Scope,
  node: { kw: Keywords },
  status: string,
  render: (v: unknown) => unknown,
): boolean {
  if (status === 'failed') return errorsIgnored(scope, node, render);
  return status === 'unreachable' && keptBool(scope, node, 'ignore_unreachable', render);
}

/** A task's `timeout` in milliseconds, undefined without one. */
export function timeoutMsOf(scope: Scope, task: Task, templar: Templar): number | undefined {
  const timeout = keyword(scope, task, 'timeout');
  return timeout ? Number(templar.template(timeout)) * 1000 : undefined;
}

/** The `environment` of a task: every layer's, merged, the innermost winning per variable. */
export function envOf(scope: Scope, task: Task, templar: Templar): Record<string, string> | undefined {
  const layers = [...scope.layers.map((l) => l.environment), task.kw.environment].filter(
    (e) => e !== undefined,
  );
  if (layers.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const l of layers) {
    const v = templar.template(l, task.pos);
    const list = Array.isArray(v) ? v : [v];
    for (const d of list)
      if (d && typeof d === 'object')
        for (const [k, x] of Object.entries(d as Record<string, unknown>))
          env[k] = x === null ? '' : String(x);
  }
  return env;
}

const LEFT_OUT = Symbol('left out');

/**
 * The play's `environment` for fact gathering: a variable whose value needs ansible_env (which the
 * gathering is about to give) is left out, the others apply, as Ansible's post_validate does.
 */
export function gatherEnvOf(
  environment: unknown,
  templar: Templar,
  pos: SourcePos,
): Record<string, string> | undefined {
  if (environment === undefined) return undefined;
  const render = (v: unknown): unknown => {
    try {
      return templar.template(v, pos);
    } catch (e) {
      if (e instanceof UndefinedVariableError && /ansible_env|ansible_facts\.env/.test(e.message))
        return LEFT_OUT;
      throw e;
    }
  };
  const top = typeof environment === 'string' ? render(environment) : environment;
  const env: Record<string, string> = {};
  for (const d of Array.isArray(top) ? top : [top])
    if (d && typeof d === 'object')
      for (const [k, x] of Object.entries(d as Record<string, unknown>)) {
        const v = render(x);
        if (v !== LEFT_OUT) env[k] = v === null ? '' : String(v);
      }
  return env;
}

/** The task's name with its `{{ }}` rendered when the host's vars allow; else as written. */
export function renderName(task: Task, templar: Templar): string | undefined {
  if (task.untitled) return undefined;
  if (task.name === undefined || !task.name.includes('{{')) return task.name;
  try {
    return String(templar.template(task.name, task.pos));
  } catch {
    return task.name;
  }
}
