import type { Task } from '../playbook/types.js';
import type { Templar } from '../template/index.js';
import { nodeTemplar, type ActionInput } from './action.js';
import { resolveBecome } from './become.js';
import { controllerUser } from './controller-user.js';
import { loopKeyword, loopVars } from './loops.js';
import { withConnectionKeywords } from './connection-keywords.js';
import type { Scope } from './scope.js';
import { keyword, renderedKeyword } from './scope.js';
import type { PlayState } from './state.js';
import { keywordBool } from '../util/ansible-bool.js';
import { delegatedVarsFor, inventoryVars } from './vars.js';

/**
 * Where a task runs: its host, or (with `delegate`) the host `delegate_to` names, with that
 * host's connection and become.
 */
export function taskTarget(
  ps: PlayState,
  host: string,
  task: Task,
  scope: Scope,
  vars: Record<string, unknown>,
  templar: Templar,
  delegate = true,
): Pick<ActionInput, 'conn' | 'become'> & { delegated?: string } {
  const run = ps.run;
  const delegateRaw = delegate ? keyword(scope, task, 'delegate_to') : undefined;
  const delegated = delegateRaw === undefined ? undefined : String(templar.template(delegateRaw, task.pos));
  const targetVars = delegated ? inventoryVars(run, delegated) : vars;
  const connVars = withConnectionKeywords(targetVars, (k) =>
    renderedKeyword(scope, task, k, (v) => templar.template(v, task.pos)),
  );
  const conn = run.conns.lazy(delegated ?? host, connVars);
  const localUser = conn.kind === 'local' ? controllerUser() : undefined;
  const become = resolveBecome(
    run.req,
    scope,
    task,
    delegated ? { ...vars, ...targetVars } : vars,
    templar,
    localUser,
  );
  if (become?.password) run.masker.add(become.password);
  return { delegated, conn, become };
}

/** A looped delegated task's `ansible_delegated_vars`: every item's delegate host, as Ansible gives them. */
export function loopDelegatedVars(
  ps: PlayState,
  task: Task,
  scope: Scope,
  a: ActionInput,
  items: unknown[],
  lc: Record<string, unknown>,
): Record<string, unknown> {
  const renders = items.map((_, i) => {
    const t = nodeTemplar({ ...a.vars, ...loopVars(task, items, i, lc) }, task, scope, ps.play.playbookDir);
    return (v: unknown) => t.template(v, task.pos);
  });
  return delegatedVarsFor(ps.run, keyword(scope, task, 'delegate_to'), renders) ?? {};
}

/**
 * Where a delegated task's facts go: with `delegate_facts`, to the delegated host, as Ansible's
 * get_delegated_hosts; otherwise (also without delegate_to) undefined: to the task's own host.
 * Ansible's strategy reads a looped task's delegate_facts as written, not templated (it checks
 * the templated value is a boolean, then uses the task's own copy), so there any text counts as
 * true: `"{{ false }}"`, `"no"`.
 */
export function factsHost(
  scope: Scope,
  task: Task,
  templar: Templar,
  delegated: string | undefined,
  looped = false,
): string | undefined {
  // a value that is no boolean once templated fails the task, looped or not, delegated or not (a
  // looped task's value may need its item: that one is checked per item, `looped`)
  if (!looped && loopKeyword(task) !== undefined) return undefined;
  const on = keywordBool(
    'delegate_facts',
    renderedKeyword(scope, task, 'delegate_facts', (v) => templar.template(v, task.pos)),
  );
  if (delegated === undefined) return undefined;
  return (looped ? Boolean(keyword(scope, task, 'delegate_facts')) : on) ? delegated : undefined;
}
