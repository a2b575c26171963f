import type { Task } from '../playbook/types.js';
import { Templar } from '../template/index.js';
import { renderedConnectionVars } from './connection-vars.js';
import { nodeTemplar, type ActionInput } from './action.js';
import { resolveBecome } from './become.js';
import { controllerUser } from './controller-user.js';
import { loopKeyword, loopVars } from './loops.js';
import { withConnectionKeywords } from './connection-keywords.js';
import type { Scope } from './scope.js';
import { keyword, renderedKeyword } from './scope.js';
import type { PlayState } from './state.js';
import { keywordBool } from '../util/ansible-bool.js';
import { delegatedTaskVars, delegatedVarsFor, inventoryVars } from './vars.js';
import { isTemplated, isTemplatedDeep } from '../playbook/load-context.js';
import { envOf, timeoutMsOf } from './task-options.js';

/**
 * The keywords of where and how a task runs that Ansible renders for each loop item (its
 * post_validate of the item's copy of the task), so that `become_user: "{{ item }}"` works.
 */
const ITEM_KEYWORDS = [
  'become',
  'become_user',
  'become_method',
  'become_flags',
  'become_exe',
  'remote_user',
  'port',
  'connection',
  'timeout',
];

/**
 * Whether a looped task's target (connection, become, environment, timeout) is worked out per
 * item: with delegate_to, or where one of those keywords, or an `ansible_` variable of the task's
 * own, is a template. Plain values are rendered once, before the items, which keeps the loop's
 * file checks fetched ahead (loop-prefetch.ts). The inventory's and the play's templated
 * variables (an `ansible_host` built from other variables) are taken to need no item.
 */
export function targetPerItem(scope: Scope, task: Task): boolean {
  if (loopKeyword(task) === undefined) return false;
  if (keyword(scope, task, 'delegate_to') !== undefined) return true;
  if (ITEM_KEYWORDS.some((k) => isTemplated(keyword(scope, task, k)))) return true;
  if ([...scope.layers.map((l) => l.environment), task.kw.environment].some((v) => isTemplatedDeep(v)))
    return true;
  // the connection and become variables the task, its blocks or include set
  // (`ansible_become_user: "{{ item }}"`), which Ansible also renders per item
  const taskVars = task.kw.vars as Record<string, unknown> | undefined;
  return [taskVars, scope.blockVars, scope.includeVars].some((vs) =>
    Object.entries(vs ?? {}).some(([k, v]) => k.startsWith('ansible_') && isTemplated(v)),
  );
}

/**
 * Where a task runs: its host, or the host `delegate_to` names, with that host's connection and
 * become.
 */
export function taskTarget(
  ps: PlayState,
  host: string,
  task: Task,
  scope: Scope,
  vars: Record<string, unknown>,
  templar: Templar,
): Pick<ActionInput, 'conn' | 'become' | 'delegated' | 'sshLink'> {
  const run = ps.run;
  const delegateRaw = keyword(scope, task, 'delegate_to');
  const delegated = delegateRaw === undefined ? undefined : String(templar.template(delegateRaw, task.pos));
  const targetVars = delegated ? delegatedTaskVars(ps, delegated, scope, task.kw) : vars;
  // a delegated host's connection variables are rendered with that host's own, and the task's
  const targetTemplar = delegated ? new Templar(targetVars) : templar;
  const rendered = renderedConnectionVars(targetVars, (v) => targetTemplar.template(v, task.pos));
  const connVars = withConnectionKeywords(rendered, (k) =>
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
  // the task's own host, delegated or not: a program on the controller logs in to it (synchronize)
  const sshLink = () => {
    const own = delegated
      ? withConnectionKeywords(
          renderedConnectionVars(vars, (v) => templar.template(v, task.pos)),
          (k) => renderedKeyword(scope, task, k, (v) => templar.template(v, task.pos)),
        )
      : connVars;
    return run.conns.sshLink(host, own, inventoryPassword(run, host, templar, task));
  };
  return { delegated, conn, become, sshLink };
}

/**
 * One item's target where a looped task's is worked out per item (targetPerItem): its host,
 * connection and become, environment and timeout, rendered with the item's variables.
 */
export function itemTarget(
  ps: PlayState,
  host: string,
  task: Task,
  scope: Scope,
  itemVars: Record<string, unknown>,
  templar: Templar,
): {
  delegated?: string;
  input: Pick<ActionInput, 'conn' | 'become' | 'env' | 'timeoutMs' | 'delegated' | 'sshLink'>;
} {
  const target = taskTarget(ps, host, task, scope, itemVars, templar);
  const env = envOf(scope, task, templar);
  return {
    delegated: target.delegated,
    input: { ...target, env, timeoutMs: timeoutMsOf(scope, task, templar) },
  };
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

/** The host's password as Ansible's synchronize reads it: its inventory's or an extra var's, rendered. */
function inventoryPassword(
  run: PlayState['run'],
  host: string,
  templar: Templar,
  task: Task,
): string | undefined {
  const own = { ...inventoryVars(run, host), ...run.req.extraVars };
  const raw = [own.ansible_ssh_pass, own.ansible_password].find((v) => v != null && v !== '');
  if (raw === undefined) return undefined;
  const pw = String(templar.template(raw, task.pos));
  run.masker.add(pw);
  return pw;
}
