import { markUnsafe } from '../template/index.js';
import type { Templar } from '../template/index.js';
import {
  FACTS_CACHEABLE,
  FACTS_HOST,
  STORED_FORM,
  STORED_FACTS,
  type ModuleResult,
} from '../modules/types.js';
import type { Keywords, Task } from '../playbook/types.js';
import { withFacts } from './fact-cache.js';
import { notify } from './handlers.js';
import { withoutInternalKeys } from './internal-keys.js';
import { count, statusOf } from './results.js';
import { isChanged, isFailed, isSkipped } from './result-flags.js';
import type { Scope } from './scope.js';
import { keyword } from './scope.js';
import type { HostState, PlayState } from './state.js';
import { hostState, isActive, varsChanged } from './state.js';
import { errorsIgnored, outcomeIgnored } from './task-options.js';
import { fatalAsWritten } from './bool-keywords.js';
import { combineInto } from '../vars/hash-behaviour.js';
import { addCustomStats } from './custom-stats.js';

/** What a task's result does once it is known: register, facts, stats, notify, failure state. */

/**
 * What `register` stores: the result without Ansible's internal `_ansible_*` keys at any depth
 * (debug's `_ansible_verbose_always`, a loop item's `_ansible_item_label`, gather_facts'
 * `_ansible_facts_gathered`, a set_fact value's own), as Ansible's strategy strips them.
 * changed_when, failed_when and until still see the whole result, as in Ansible.
 */
const registered = (res: ModuleResult): ModuleResult => withoutInternalKeys(storedForm(res));

/**
 * A result with the values its module gave in stored form (STORED_FORM: debug's native texts, a
 * loop's items' too), as Ansible registers the objects themselves: a NativeJinjaText read back
 * alone stays text, never the dict it spells.
 */
function storedForm(res: ModuleResult): ModuleResult {
  const own = res[STORED_FORM];
  const items = Array.isArray(res.results) && (res.results as ModuleResult[]).some((r) => r?.[STORED_FORM]);
  if (!own && !items) return res;
  const out: ModuleResult = { ...res, ...own };
  if (items) out.results = (res.results as ModuleResult[]).map(storedForm);
  return out;
}

/** What the registered name holds after the task: also without the module's `invocation` (a loop's items keep theirs), as Ansible's strategy deletes it. */
function registeredResult(res: ModuleResult): ModuleResult {
  const { invocation: _dropped, ...rest } = registered(res);
  return rest;
}

/**
 * A result as host data (Ansible's wrap_var), except set_fact's and include_vars' (Ansible's
 * _ACTION_WITH_CLEAN_FACTS): theirs come from the controller, and set_fact's values already
 * carry what is unsafe in them. A failed result is host data whatever the action.
 */
function hostData<T extends object>(task: Task, res: T): T {
  const clean = task.action === 'set_fact' || task.action === 'include_vars';
  // a failure's message may quote the template that failed: Ansible wraps it for every action
  return clean && !isFailed(res as ModuleResult) ? res : markUnsafe(res);
}

/**
 * Ansible's TaskExecutor updates the loop's variables after each item: the registered name is
 * that item's result (host data, so unsafe), and what set_fact/include_vars set are variables.
 */
export function carryForward(carried: Record<string, unknown>, task: Task, res: ModuleResult): void {
  const register = task.kw.register as string | undefined;
  if (register) carried[register] = hostData(task, { ...registered(res) });
  const facts = (res[STORED_FACTS] ?? res.ansible_facts) as Record<string, unknown> | undefined;
  if (!facts || isFailed(res) || isSkipped(res)) return;
  // a module's facts from a host (setup in a loop) are not carried: rare, and namespaced differently
  if (task.action === 'set_fact' || task.action === 'include_vars' || res[STORED_FACTS])
    Object.assign(carried, facts);
}

/**
 * The facts of a task that succeeded (Ansible takes none from a failed one, ignored or not, nor
 * from any item of a loop that failed), each result's to its host: the task's own, or with
 * delegate_facts the item's delegated host.
 */
function storeFacts(ps: PlayState, hs: HostState, task: Task, res: ModuleResult, ran: boolean): boolean {
  const status = statusOf(res);
  if (status === 'failed' || status === 'unreachable' || status === 'skipped') return false;
  const results = Array.isArray(res.results) ? (res.results as ModuleResult[]) : [res];
  let stored = false;
  for (const r of results) {
    if (!r.ansible_facts || isFailed(r) || isSkipped(r)) continue;
    // a run_once result shared with this host: delegated facts went to their host when it ran
    if (r[FACTS_HOST] !== undefined && !ran) continue;
    const to = r[FACTS_HOST] === undefined ? hs : hostState(ps.run, r[FACTS_HOST]);
    storeResultFacts(ps, to, task, r);
    if (to !== hs) varsChanged(to);
    stored = true;
  }
  return stored;
}

function storeResultFacts(ps: PlayState, hs: HostState, task: Task, r: ModuleResult): void {
  // set_fact's values are in stored form (unsafe ones are UnsafeText); include_vars' come
  // from the controller; anything else is facts from the host, unsafe as a whole
  // include_vars values rank below set_fact and register whatever the order (Ansible's vars cache)
  // include_vars go through combine_vars (merged under hash_behaviour=merge), set_fact replaces
  const combine = task.action === 'include_vars' ? combineInto : Object.assign;
  const into = task.action === 'include_vars' ? hs.includedVars : hs.hostFacts;
  const facts = r.ansible_facts!;
  if (r[STORED_FACTS]) combine(into, r[STORED_FACTS]);
  else if (task.action === 'set_fact' || task.action === 'include_vars') combine(into, facts);
  else {
    // a module names its facts ansible_<name>; the host keeps them as `ansible_facts` does
    hs.facts = withFacts(hs.facts, facts);
    // the result's own form, as Ansible caches it (a bare `services` stays bare)
    ps.run.req.factCache?.update(hs.name, facts);
  }
  // set_fact cacheable=true: a fact as well (below set_fact in precedence), kept in the cache
  if (r[FACTS_CACHEABLE]) {
    hs.facts = withFacts(hs.facts, r[STORED_FACTS] ?? facts);
    ps.run.req.factCache?.update(hs.name, facts);
  }
}

/** Register, facts, stats, notify and failure state, after a task's final result. */
export function applyEffects(
  ps: PlayState,
  hs: HostState,
  task: Task,
  scope: Scope,
  res: ModuleResult,
  templar?: Templar,
): void {
  const register = task.kw.register as string | undefined;
  // `templar` is given where the task ran on this host (not for a shared run_once result)
  const stored = storeFacts(ps, hs, task, res, templar !== undefined);
  // every result is host data (Ansible's wrap_var): never templated again when used
  hostData(task, res);
  if (register) hs.hostFacts[register] = hostData(task, registeredResult(res));
  if (register || stored) varsChanged(hs);
  // a run_once result shared with this host: registered, not counted
  if (!templar) return;
  const status = statusOf(res);
  if (status === 'ok' || status === 'changed') addCustomStats(ps.run.customStats, hs.name, res, true);
  const render = (v: unknown): unknown => templar.template(v, task.pos);
  const ignored = outcomeIgnored(scope, task, status, render);
  const rescued = status === 'failed' && !ignored && scope.rescuable;
  count(ps, hs.name, { status, ignored, rescued, changed: isChanged(res) });
  // notify may come from an enclosing layer too (include_tasks `apply: {notify: ...}`)
  const notifyValue = keyword(scope, task, 'notify');
  if (isChanged(res) && status !== 'failed' && notifyValue !== undefined)
    notify(ps, hs, task, templar, notifyValue);
  if (status === 'unreachable' && !ignored) hs.unreachable = true;
  if (status === 'failed' && !ignored) {
    hs.failed = true;
    // Ansible wraps the failed task unsafe: its arguments (`{{ item }}`) are shown as written;
    // an unnamed task's name is '' (Task.serialize)
    hs.lastFailure = {
      task: markUnsafe({ name: task.name ?? '', action: task.action, args: task.args }),
      result: res,
    };
    if (!rescued) stopIfFatal(ps, scope, task);
  }
}

/**
 * After a task the batch's first host ran for all (run_once, add_host). With `shares` (run_once
 * converts to true) its result goes to every other host of the batch (register, facts), and a
 * failure nothing ignores fails them all, as Ansible's strategy marks every host failed. Either
 * way such a failure ends the play unless a rescue takes it: Ansible's linear strategy makes the
 * failure of a task it sent to one host fatal.
 */
export function afterRunOnce(
  ps: PlayState,
  host: string,
  task: Task,
  scope: Scope,
  res: ModuleResult,
  templar: Templar,
  shares: boolean,
): void {
  const failed =
    statusOf(res) === 'failed' && !errorsIgnored(scope, task, (v) => templar.template(v, task.pos));
  const first = hostState(ps.run, host);
  for (const other of shares ? ps.batch : []) {
    if (other === host) continue;
    const hs = hostState(ps.run, other);
    applyEffects(ps, hs, task, scope, res);
    // set_stats per_host: Ansible's strategy gives a run_once result's stats to the whole batch
    if (statusOf(res) === 'ok') addCustomStats(ps.run.customStats, other, res, false);
    if (!failed || !isActive(hs)) continue;
    hs.failed = true;
    hs.lastFailure = first.lastFailure;
  }
  if (failed && !scope.rescuable) {
    ps.aborted = true;
    ps.fatal = true;
  }
}

/** A failure nothing rescues under any_errors_fatal stops the play (`always` sections still run). */
export function stopIfFatal(ps: PlayState, scope: Scope, node: { kw: Keywords }): void {
  if (!fatalAsWritten(scope, node)) return;
  ps.aborted = true;
  ps.fatal = true;
}
