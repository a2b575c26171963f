import { formatPos } from '../errors.js';
import { Templar, revealDeep } from '../template/index.js';
import { warningsOf } from '../modules/lib/context.js';
import { whenFalse } from './when.js';
import { FACTS_HOST, type ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import type { PlayState } from './state.js';
import type { Scope } from './scope.js';
import { keyword } from './scope.js';
import { factsHost, itemTarget, loopDelegatedVars, targetPerItem } from './task-target.js';
import { failure, invokeWithRetries, nodeTemplar, type ActionInput } from './action.js';
import { errText } from './task-args.js';
import { LoopError, labelItem, loopControl, loopItems, loopKeyword, loopVars } from './loops.js';
import { LoopPrefetch } from './loop-prefetch.js';
import { carryForward } from './task-effects.js';
import { beforeTask, ownPaths, type Following } from './look-ahead.js';
import { unexpectedFailure } from './py-exception.js';
import { noteTemplateWarnings } from './template-notes.js';
import { checkAndDiff, checkTaskBooleans, keptBool } from './bool-keywords.js';
import { safe } from '../util/safe.js';
import { refuseMissingConnection } from './connections.js';
import { isChanged } from './result-flags.js';
import { truthy } from '../template/python.js';

/** What a result event says beyond the result: a loop item's, the host delegated to. */
export interface ResultExtra {
  item?: unknown;
  label?: unknown;
  delegated?: string;
  /** a loop item's own no_log (the task's when not given) */
  noLog?: boolean;
}

/** Runs the task's action once (with its retries) or for each item of its loop; the result is the loop's. */
export async function runLoopOrSingle(
  ps: PlayState,
  task: Task,
  scope: Scope,
  a: ActionInput,
  templar: Templar,
  emit: (r: ModuleResult, x: ResultExtra) => void,
  following?: Following,
): Promise<ModuleResult> {
  const until = task.kw.until;
  // retries and delay are templated per item (`retries: "{{ idx + 2 }}"`), as in Ansible
  const retriesWith = (t: Templar) => ({
    until,
    retries: until === undefined ? 0 : Number(t.template(task.kw.retries ?? 3)),
    delayMs: Number(t.template(task.kw.delay ?? 5)) * 1000,
  });
  const lk = loopKeyword(task);
  if (!lk) {
    const skip = whenFalse(task, scope, templar);
    if (skip) return skip;
    refuseMissingConnection(a.conn);
    const own = () => ownPaths(task, a.vars, a);
    const ahead = await beforeTask(a, own, following, false).catch(() => undefined);
    try {
      return await invokeWithRetries(a, retriesWith(templar));
    } finally {
      ahead?.release();
    }
  }
  let items: unknown[];
  try {
    items = loopItems(task, lk, templar);
    noteTemplateWarnings(a.shownWarnings);
  } catch (e) {
    // a loop over an undefined value of a task that `when` skips anyway is a skip, as in Ansible
    const skip = safe(() => whenFalse(task, scope, templar));
    if (skip) return skip;
    if (e instanceof LoopError) return failure(task, e.message);
    const unexpected = unexpectedFailure(e, `the loop of the task at ${formatPos(task.pos)}`);
    if (unexpected) return unexpected;
    throw new Error(`loop at ${formatPos(task.pos)}: ${errText(e)}`);
  }
  if (items.length === 0)
    return { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] };
  const rawLc = (task.kw.loop_control ?? {}) as Record<string, unknown>;
  const lc = loopControl(task, templar);
  const pauseMs = Number(lc.pause ?? 0) * 1000;
  const results: ModuleResult[] = [];
  // what earlier items set (facts, the registered result) is visible to later ones, as in Ansible
  const carried: Record<string, unknown> = {};
  // delegate_to, become ... templated per item: each item may run on another host or as another
  // user, so nothing is fetched ahead
  const perItem = targetPerItem(scope, task);
  const delegates = keyword(scope, task, 'delegate_to') !== undefined;
  const delegatedVars = delegates ? loopDelegatedVars(ps, task, scope, a, items, lc) : undefined;
  const ahead = perItem
    ? undefined
    : new LoopPrefetch(
        a,
        items,
        lc,
        (guess) => safe(() => whenFalse(task, scope, guess)) !== undefined,
        following,
      );
  try {
    for (let i = 0; i < items.length; i++) {
      if (i > 0 && pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      const lv = loopVars(task, items, i, lc);
      const itemVars = {
        ...a.vars,
        ...carried,
        ...lv,
        ...(delegatedVars && { ansible_delegated_vars: delegatedVars }),
      };
      const t = nodeTemplar(itemVars, task, scope, ps.play.playbookDir);
      const skip = whenFalse(task, scope, t, a.shownWarnings);
      if (!skip) {
        checkTaskBooleans(scope, task, (v) => t.template(v, task.pos));
        await ahead?.before(i);
      }
      const target = perItem && !skip ? itemTarget(ps, a.host, task, scope, itemVars, t) : undefined;
      const factsTo = skip ? undefined : factsHost(scope, task, t, target?.delegated, true);
      const modes = skip ? undefined : checkAndDiff(ps.run.req, scope, task, (v) => t.template(v, task.pos));
      const itemA = {
        ...a,
        ...modes,
        ...(target && { ...target.input, factsDelegated: factsTo !== undefined }),
      };
      if (!skip) refuseMissingConnection(itemA.conn);
      let res = skip ?? (await invokeWithRetries({ ...itemA, vars: itemVars }, retriesWith(t)));
      const item = revealDeep(items[i]);
      res = { ...res, [String(lv.ansible_loop_var)]: item, ansible_loop_var: lv.ansible_loop_var };
      if (lc.index_var !== undefined) {
        res[String(lc.index_var)] = i;
        res.ansible_index_var = lv.ansible_index_var;
      }
      if (lv.ansible_loop !== undefined) res.ansible_loop = revealDeep(lv.ansible_loop);
      if (factsTo) res[FACTS_HOST] = factsTo;
      const labelled = labelItem(t, rawLc.label, res);
      res = labelled.res;
      // each item's no_log as rendered with it, as Ansible hides item by item
      const noLog = keptBool(scope, task, 'no_log', (v) => t.template(v, task.pos));
      emit(res, { item, label: labelled.label, delegated: target?.delegated, noLog });
      results.push(res);
      carryForward(carried, task, res);
      // what this item changed, the later ones see by asking again
      if (isChanged(res)) ahead?.release();
    }
  } finally {
    ahead?.release();
  }
  // the items' own flags, by Python's truthiness, as Ansible's TaskExecutor sums them up
  const failed = results.some((r) => truthy(r.failed));
  const skipped = results.every((r) => truthy(r.skipped));
  // the items' warnings move up to the loop's result, as Ansible's TaskExecutor accumulates them
  const warnings = results.flatMap((r) => warningsOf(r));
  const out: ModuleResult = {
    changed: results.some(isChanged),
    msg: failed ? 'One or more items failed' : skipped ? 'All items skipped' : 'All items completed',
    results: warnings.length ? results.map(({ warnings: _w, ...r }) => r as ModuleResult) : results,
    skipped,
  };
  if (warnings.length) out.warnings = warnings;
  if (failed) out.failed = true;
  return out;
}
