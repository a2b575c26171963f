import { UnreachableError, formatPos } from '../errors.js';
import { checkDebugger } from '../playbook/debugger-keyword.js';
import { Templar, revealDeep } from '../template/index.js';
import { warningsOf } from '../modules/lib/context.js';
import { noteTemplatedAssertions } from './templated-conditions.js';
import { whenFalse } from './when.js';
import { renderedConnectionVars } from './connection-vars.js';
import { FACTS_HOST, type ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import type { HostState, PlayState } from './state.js';
import { hostState, isActive, stopped } from './state.js';
import type { Scope } from './scope.js';
import { keyword, renderedKeyword } from './scope.js';
import { throttled } from './throttle.js';
import { taskVars, forgetInventoryViews, addDelegatedVars } from './vars.js';
import { factsHost, itemTarget, loopDelegatedVars, taskTarget, targetPerItem } from './task-target.js';
import { applyInventoryChange } from './dynamic-inventory.js';
import { moduleName } from '../modules/catalog.js';
import { failure, invokeWithRetries, nodeTemplar, taskError, type ActionInput } from './action.js';
import { errText } from './task-args.js';
import { moduleDefaultsLevels } from './module-defaults.js';
import { asyncOptions } from './async-options.js';
import { LoopError, labelItem, loopControl, loopItems, loopKeyword, loopVars } from './loops.js';
import { LoopPrefetch } from './loop-prefetch.js';
import { afterRunOnce, applyEffects, carryForward } from './task-effects.js';
import { beforeTask, ownPaths, type Following, type FollowingTasks } from './look-ahead.js';
import { shownResult, showTaskHeader, statusOf, taskLabel } from './results.js';
import { runMeta } from './meta.js';
import { unexpectedFailure } from './py-exception.js';
import { noteTemplateWarnings } from './template-notes.js';
import { takeTemplateWarnings } from '../template/template-warnings.js';
import { withTemplatedAction } from './templated-action.js';
import { truthy, envOf, errorsIgnored, renderName, timeoutMsOf } from './task-options.js';
import { checkAndDiff, checkTaskBooleans, keptBool, runsOnce } from './bool-keywords.js';
import { MASK, SECRET_VAR_NAMES } from '../output/masking.js';

/** What a result event says beyond the result: a loop item's, the host delegated to. */
interface ResultExtra {
  item?: unknown;
  label?: unknown;
  delegated?: string;
  /** a loop item's own no_log (the task's when not given) */
  noLog?: boolean;
}

/** Runs one task on one host: when, loop, retries, register, notify, stats and events. */
export async function runTask(
  ps: PlayState,
  host: string,
  given: Task,
  scope: Scope,
  /** the tasks after it in its list: their file checks may be asked ahead (look-ahead.ts) */
  following?: FollowingTasks,
): Promise<void> {
  const hs = hostState(ps.run, host);
  if (!isActive(hs) || stopped(ps, scope) || ps.run.req.signal?.aborted) return;
  const vars = taskVars(ps, host, scope, given.kw);
  const templar = nodeTemplar(vars, given, scope, ps.play.playbookDir);
  addDelegatedVars(ps.run, vars, keyword(scope, given, 'delegate_to'), (v) => templar.template(v, given.pos));
  learnSecretVars(ps, vars, templar);
  if (given.action === 'meta') return runMeta(ps, host, given, scope, templar);
  // a module named by a template is named now, for this host (the header keeps the template)
  const task = withTemplatedAction(given, templar);
  const name = taskLabel(given, renderName(given, templar));
  // the name's lookup warnings: before the banner when this host's name makes it (Ansible's
  // strategy templates it once for the banner), else with this host's result
  const nameWarnings = takeTemplateWarnings();
  const headed = showTaskHeader(ps, given, scope, name, nameWarnings);
  const started = Date.now();
  ps.run.out.emit({
    event: 'host_start',
    host,
    task: name,
    written: taskLabel(given),
  });

  // add_host runs once for the batch, as Ansible's BYPASS_HOST_LOOP actions do; Ansible 2.14
  // registers its result on that first host only
  const bypass = moduleName(task.action) === 'add_host';
  const render = (v: unknown): unknown => templar.template(v, task.pos);
  const runOnce = bypass || runsOnce(scope, task, render);
  // the result goes to every host of the batch when run_once converts to true, or when its
  // conversion failed (Ansible's strategy then reads the text as written: true)
  const shares = !bypass && runOnce && keptBool(scope, task, 'run_once', render);
  if (runOnce && ps.runOnce.has(given)) {
    // the first host ran it: the result is registered on every host of the batch
    const shared = (await ps.runOnce.get(given)) as ModuleResult;
    if (shares) applyEffects(ps, hs, task, scope, shared);
    return;
  }
  let resolveShared: (r: ModuleResult) => void = () => {};
  if (runOnce) ps.runOnce.set(given, new Promise<ModuleResult>((r) => (resolveShared = r)));

  const rendered = (name: string): unknown =>
    renderedKeyword(scope, task, name, (v) => safe(() => templar.template(v)));
  // a no_log that is no boolean fails the task (checkTaskBooleans), whose result stays hidden; so
  // does a looped task's whole result when its no_log needs the item (each item shows by its own)
  const noLog = keptBool(scope, task, 'no_log', render);
  // Ansible's warnings for conditions written as templates, shown with the next result, each once
  // for the host's task (its worker shows a warning once)
  const notes: string[] = headed ? [] : [...nameWarnings];
  const noted = new Set<string>();
  const freshNotes = () => notes.splice(0).filter((w) => !noted.has(w) && !!noted.add(w));
  const diffKw = rendered('diff');
  const diffShown = diffKw === undefined ? undefined : truthy(diffKw);
  const emitResult = (res: ModuleResult, extra: ResultExtra): void => {
    const hidden = extra.noLog ?? noLog;
    const status = statusOf(res);
    const failed = status === 'failed';
    const ignored = failed ? errorsIgnored(scope, task, render) : false;
    ps.run.out.emit({
      event: 'host_result',
      host,
      task: name,
      handler: scope.handler,
      // Ansible's JSON callback names the module a template named, but a loop's results by the
      // template (its loop runs copies of the task)
      action: loopKeyword(given) ? given.action : task.action,
      ...(task !== given ? { module: task.action } : {}),
      status,
      ...(extra.item !== undefined ? { item: ps.run.masker.value(hidden ? '(censored)' : extra.item) } : {}),
      ...(extra.label !== undefined
        ? { label: ps.run.masker.value(hidden ? '(censored)' : extra.label) }
        : {}),
      ...(ignored ? { ignored } : {}),
      ...(failed && !ignored && scope.rescuable ? { rescued: true } : {}),
      ...(extra.delegated ? { delegated_to: extra.delegated } : {}),
      ...(diffShown !== undefined ? { diff: diffShown } : {}),
      duration_ms: Date.now() - started,
      result: shownResult(ps, res, hidden),
      // the conditions' warnings so far show with this result, never in what is registered
      ...(notes.length ? { warnings: freshNotes() } : {}),
    });
  };

  let final: ModuleResult;
  let delegated: string | undefined;
  let factsTo: string | undefined;
  try {
    // `when` first (per item for loops): a skipped task templates nothing else
    const skip = loopKeyword(task) ? undefined : whenFalse(task, scope, templar, notes);
    noteTemplateWarnings(notes);
    if (skip) final = skip;
    else {
      const input = await actionInput(ps, host, hs, task, scope, vars, templar, noLog);
      delegated = input.delegated;
      factsTo = factsHost(scope, task, templar, delegated);
      input.action.factsDelegated = factsTo !== undefined;
      input.action.shownWarnings = notes;
      if (task.action === 'assert') noteTemplatedAssertions(task.args.that, notes);
      // a delegated task (per loop item too) works on another host: no look-ahead for this one
      const delegates = keyword(scope, task, 'delegate_to') !== undefined;
      const after = following && !delegates ? { ps, scope, tasks: following } : undefined;
      const limit = Number(renderedKeyword(scope, task, 'throttle', (v) => templar.template(v)) ?? 0);
      final = await throttled(given, limit, () =>
        runLoopOrSingle(ps, task, scope, input.action, templar, emitResult, after),
      );
    }
  } catch (e) {
    if (e instanceof UnreachableError) final = { changed: false, unreachable: true, msg: e.message };
    else final = taskError(errText(e));
  }
  if (factsTo) final[FACTS_HOST] = factsTo;
  if (ps.run.req.signal?.aborted) return resolveShared(final);
  emitResult(final, { delegated });
  applyEffects(ps, hs, task, scope, final, templar);
  // Ansible gives a run_once result (facts, register) to every host of the batch at once, also
  // to one that never reaches the task (a run_once include ran it on the first host only)
  if (runOnce) afterRunOnce(ps, host, task, scope, final, templar, shares);
  resolveShared(final);
}

/**
 * The passwords this host's variables give (`ansible_become_password: "{{ vault_pw }}"` too, as
 * rendered): masked before the task shows anything, whether or not the task itself uses them.
 */
function learnSecretVars(ps: PlayState, vars: Record<string, unknown>, templar: Templar): void {
  for (const k of SECRET_VAR_NAMES)
    if (vars[k] !== undefined) ps.run.masker.add(safe(() => templar.template(vars[k])));
}

/** A -vvv line of a no_log task keeps its head (`<host> EXEC`); the command and its data are hidden. */
function noLogLine(msg: string): string {
  const head = /^<[^>]*> \S+/.exec(msg)?.[0] ?? '';
  return `${head} ${MASK} (no_log)`.trim();
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

async function actionInput(
  ps: PlayState,
  host: string,
  hs: HostState,
  task: Task,
  scope: Scope,
  vars: Record<string, unknown>,
  templar: Templar,
  noLog: boolean,
): Promise<{ action: ActionInput; delegated?: string }> {
  const run = ps.run;
  // a looped task's delegate_to, become, connection keywords, environment and timeout may need
  // the item: then they are rendered per item (runLoopOrSingle), as in Ansible; until then the
  // host's own connection stands in
  const perItem = targetPerItem(scope, task);
  const render = (v: unknown): unknown => templar.template(v, task.pos);
  // a looped task's are checked per item (runLoopOrSingle), with the item
  if (!loopKeyword(task)) checkTaskBooleans(scope, task, render);
  const { delegated, conn, become, sshLink } = perItem
    ? {
        delegated: undefined,
        conn: run.conns.lazy(host, renderedConnectionVars(vars, render)),
        become: undefined,
        sshLink: undefined,
      }
    : taskTarget(ps, host, task, scope, vars, templar);
  checkDebugger(renderedKeyword(scope, task, 'debugger', (v) => templar.template(v)));
  // a looped task's may need the item: the loop renders them per item, these are its defaults
  const modes = loopKeyword(task)
    ? (safe(() => checkAndDiff(run.req, scope, task, render)) ?? run.req)
    : checkAndDiff(run.req, scope, task, render);
  return {
    delegated,
    action: {
      task,
      host,
      conn,
      delegated,
      sshLink,
      vars,
      facts: hs.facts ?? {},
      check: modes.check,
      diff: modes.diff,
      become,
      env: perItem ? undefined : envOf(scope, task, templar),
      timeoutMs: perItem ? undefined : timeoutMsOf(scope, task, templar),
      async: asyncOptions(task, templar),
      moduleDefaults: moduleDefaultsLevels(scope, task),
      role: scope.role,
      playbookDir: ps.play.playbookDir,
      register: task.kw.register as string | undefined,
      noLog,
      factsModules: run.req.factsModules,
      log: (msg, level = 3) => run.out.emit({ event: 'log', host, msg: noLog ? noLogLine(msg) : msg, level }),
      asyncStatus: (s) => run.out.emit({ event: 'async_status', host, ...s }),
      retrying: (res, left, tried) =>
        run.out.emit({
          event: 'retry',
          host,
          ...(tried.delegated ? { delegated_to: tried.delegated } : {}),
          // Ansible's worker names the task as rendered with this try's variables (the item too)
          task: renderName(task, nodeTemplar(tried.vars, task, scope, ps.play.playbookDir)) ?? task.action,
          retries_left: left,
          result: shownResult(ps, res, noLog),
        }),
      secret: (v) => run.masker.add(v),
      inventoryChange: (res) => {
        const out = applyInventoryChange(run.req.inventory, host, res);
        if (out !== res) {
          run.inventoryChanges.push({ host, res });
          forgetInventoryViews(ps);
        }
        return out;
      },
    },
  };
}

async function runLoopOrSingle(
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
      if (res.changed) ahead?.release();
    }
  } finally {
    ahead?.release();
  }
  const failed = results.some((r) => r.failed);
  const skipped = results.every((r) => r.skipped);
  // the items' warnings move up to the loop's result, as Ansible's TaskExecutor accumulates them
  const warnings = results.flatMap((r) => warningsOf(r));
  const out: ModuleResult = {
    changed: results.some((r) => r.changed),
    msg: failed ? 'One or more items failed' : skipped ? 'All items skipped' : 'All items completed',
    results: warnings.length ? results.map(({ warnings: _w, ...r }) => r as ModuleResult) : results,
    skipped,
  };
  if (warnings.length) out.warnings = warnings;
  if (failed) out.failed = true;
  return out;
}
