import { UnreachableError } from '../errors.js';
import { Templar } from '../template/index.js';
import { noteTemplatedAssertions } from './templated-conditions.js';
import { whenFalse } from './when.js';
import { FACTS_HOST, type ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import type { PlayState } from './state.js';
import { hostState, isActive, stopped } from './state.js';
import type { Scope } from './scope.js';
import { keyword, renderedKeyword } from './scope.js';
import { throttled } from './throttle.js';
import { taskVars, addDelegatedVars } from './vars.js';
import { factsHost } from './task-target.js';
import { moduleName } from '../modules/catalog.js';
import { nodeTemplar, taskError } from './action.js';
import { errText } from './task-args.js';
import { loopKeyword } from './loops.js';
import { afterRunOnce, applyEffects } from './task-effects.js';
import type { FollowingTasks } from './look-ahead.js';
import { shownResult, showTaskHeader, statusOf, taskLabel } from './results.js';
import { runMeta } from './meta.js';
import { noteTemplateWarnings } from './template-notes.js';
import { takeTemplateWarnings } from '../template/template-warnings.js';
import { withTemplatedAction } from './templated-action.js';
import { keywordTrue, outcomeIgnored, renderName } from './task-options.js';
import { keptBool, runsOnce } from './bool-keywords.js';
import { SECRET_VAR_NAMES } from '../output/masking.js';
import { safe } from '../util/safe.js';
import { actionInput } from './action-input.js';
import { runLoopOrSingle, type ResultExtra } from './loop-or-single.js';

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
  if (given.action === 'meta') return runMeta(ps, host, given, scope, templar, vars);
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
  const diffShown = diffKw === undefined ? undefined : keywordTrue(diffKw);
  const emitResult = (res: ModuleResult, extra: ResultExtra): void => {
    const hidden = extra.noLog ?? noLog;
    const status = statusOf(res);
    const failed = status === 'failed';
    // an unreachable host under ignore_unreachable shows `...ignoring` too, as Ansible's callback
    const ignored = outcomeIgnored(scope, task, status, render);
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
      // Ansible's callback shows `results` as a loop's items only when the task loops
      ...(extra.item === undefined && loopKeyword(given) ? { loop: true as const } : {}),
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
