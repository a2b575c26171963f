import { gatherFacts } from '../facts/gather.js';
import { FACTS_GATHERED } from '../facts/names.js';
import { Templar } from '../template/index.js';
import { UnreachableError } from '../errors.js';
import { playHoldsStart } from '../playbook/start-at-task.js';
import type { PlayState } from './state.js';
import { hostState, isActive, varsChanged } from './state.js';
import { renderedKeyword, rootScope } from './scope.js';
import { forEachHost } from './forks.js';
import { count, showTaskHeader } from './results.js';
import { inventoryVars } from './vars.js';
import { withConnectionKeywords } from './connection-keywords.js';
import { gatherEnvOf } from './task-options.js';
import { gatherArgs } from './gather-args.js';
import { toCacheForm, withFacts } from './fact-cache.js';
import { renderedConnectionVars } from './connection-vars.js';
import { factsModuleList, gatherWithModules } from './facts-modules.js';
import { invokeModule, type ActionInput } from './action.js';
import type { Connection } from '../connection/types.js';
import type { ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import { isFailed } from './result-flags.js';

/**
 * gather_facts as Ansible's [defaults] gathering has it: implicit (the default) gathers in every
 * play unless gather_facts is false, explicit only where it is true, smart where it is not false and
 * the host's facts were not gathered yet (by gather_facts, in this run or a cached earlier one).
 */
export async function gather(ps: PlayState): Promise<void> {
  const g = ps.gatherFacts;
  const mode = ps.run.req.gathering ?? 'implicit';
  if (mode === 'explicit' ? g !== true : g === false) return;
  // --start-at-task names a task of a later play: this one runs nothing, as in Ansible
  const start = ps.run.req.startAtTask;
  if (start && !ps.run.startReached && !playHoldsStart(ps.play, start)) return;
  // smart: hosts whose facts (this run's, or the cache's from an earlier one) were gathered are skipped
  const need = ps.batch.filter(
    (h) =>
      isActive(hostState(ps.run, h)) && (mode !== 'smart' || !hostState(ps.run, h).facts?.[FACTS_GATHERED]),
  );
  if (need.length === 0) return;
  const pseudo = { kw: {}, pos: ps.play.pos, action: 'gather_facts', args: {} };
  showTaskHeader(ps, pseudo as never, rootScope(ps.play.kw), 'Gathering Facts');
  await forEachHost(ps, need, async (host) => {
    const hs = hostState(ps.run, host);
    ps.run.out.emit({ event: 'host_start', host, task: 'Gathering Facts' });
    const started = Date.now();
    let status: 'ok' | 'failed' | 'unreachable' = 'ok';
    let result: Record<string, unknown>;
    try {
      const hostVars = inventoryVars(ps.run, host);
      const vars = { ...hostVars, ...ps.vars, ...ps.run.req.extraVars };
      // facts are host data: never templated (template/unsafe.ts)
      const templar = new Templar(vars);
      // the play's connection keywords, read as a task reads them (a value rendering to omit is
      // none); its variables (ansible_connection, ansible_user ...) win over the host's, as for a task
      const playScope = rootScope(ps.play.kw);
      const conn = ps.run.conns.lazy(
        host,
        withConnectionKeywords(
          renderedConnectionVars(vars, (v) => templar.template(v, ps.play.pos)),
          (k) => renderedKeyword(playScope, undefined, k, (v) => templar.template(v, ps.play.pos)),
        ),
      );
      const modules = factsModuleList(
        templar.template(vars.ansible_facts_modules, ps.play.pos),
        ps.run.req.factsModules,
      );
      if (modules) {
        const res = await throughModules(ps, host, conn, vars, templar, modules);
        const { ansible_facts: facts, ...shown } = res;
        hs.facts = withFacts(hs.facts, facts as Record<string, unknown>);
        varsChanged(hs);
        ps.run.req.factCache?.update(host, facts as Record<string, unknown>);
        if (isFailed(res)) [status, hs.failed] = ['failed', true];
        result = shown;
      } else {
        const { subset, factPath, timeoutS } = gatherArgs(ps.play, templar);
        const warnings: string[] = [];
        const facts = await gatherFacts(conn, {
          warn: (msg) => warnings.push(msg),
          env: gatherEnvOf(ps.play.kw.environment, templar, ps.play.pos),
          subset: subset === undefined ? undefined : [subset].flat().map(String),
          factPath: factPath === undefined ? undefined : String(factPath),
          timeoutS,
        });
        const gathered = { ...facts, [FACTS_GATHERED]: true };
        // gathered facts go over the cached ones; cacheable set_fact facts stay
        const given = toCacheForm(gathered);
        hs.facts = withFacts(hs.facts, given);
        varsChanged(hs);
        ps.run.req.factCache?.update(host, given);
        result = { changed: false, ...(warnings.length ? { warnings } : {}) };
      }
    } catch (e) {
      status = e instanceof UnreachableError ? 'unreachable' : 'failed';
      result = {
        changed: false,
        [status === 'failed' ? 'failed' : 'unreachable']: true,
        msg: (e as Error).message,
      };
      if (status === 'failed') hs.failed = true;
      else hs.unreachable = true;
    }
    // after Ctrl-C a lost connection is the interrupt's doing, not the host's
    if (ps.run.req.signal?.aborted) return;
    ps.run.out.emit({
      event: 'host_result',
      host,
      task: 'Gathering Facts',
      handler: false,
      action: 'gather_facts',
      status,
      duration_ms: Date.now() - started,
      result,
    });
    count(ps, host, { status, changed: false });
  });
}

/**
 * The play's gathering when facts_modules names modules other than setup: gather_facts' action
 * (facts-modules.ts) over the executor's module call, with the play's gather keywords as arguments.
 */
async function throughModules(
  ps: PlayState,
  host: string,
  conn: Connection,
  vars: Record<string, unknown>,
  templar: Templar,
  modules: string[],
): Promise<ModuleResult> {
  const raw: Record<string, unknown> = {};
  for (const k of ['gather_subset', 'gather_timeout', 'fact_path'])
    if (ps.play.kw[k] !== undefined) raw[k] = ps.play.kw[k];
  const task = {
    action: 'gather_facts',
    args: raw,
    kw: {},
    pos: ps.play.pos,
    name: 'Gathering Facts',
  } as Task;
  const input: ActionInput = {
    task,
    host,
    conn,
    vars,
    facts: hostState(ps.run, host).facts ?? {},
    check: ps.run.req.check ?? false,
    diff: ps.run.req.diff ?? false,
    env: gatherEnvOf(ps.play.kw.environment, templar, ps.play.pos),
    moduleDefaults: ps.play.kw.module_defaults === undefined ? [] : [ps.play.kw.module_defaults],
    playbookDir: ps.play.playbookDir,
    factsModules: ps.run.req.factsModules,
    log: (msg, level = 3) => ps.run.out.emit({ event: 'log', host, msg, level }),
  };
  const rendered = templar.template(raw, ps.play.pos) as Record<string, unknown>;
  return gatherWithModules(input, modules, { raw, rendered }, invokeModule);
}
