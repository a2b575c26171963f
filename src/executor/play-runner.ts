import { selectHosts } from '../inventory/index.js';
import { OMIT, Templar } from '../template/index.js';
import { InputError, RunStopError } from '../errors.js';
import type { Play, RoleInstance, TaskNode } from '../playbook/types.js';
import type { PlayState, RunState } from './state.js';
import { hostState, isActive, isDown } from './state.js';
import { rootScope, type Scope } from './scope.js';
import { batchesOf, exceedsMaxFail, maxFailOf } from './batches.js';
import { rolloutStop } from './rollout.js';
import { forEachHost } from './forks.js';
import { Lockstep } from './lockstep.js';
import { isFlushHandlers } from './meta.js';
import { runNode, tasksAfter } from './blocks.js';
import { LOOK_AHEAD_TASKS } from './look-ahead.js';
import { flatHandlers, flushHandlers } from './handlers.js';
import { checkRoleArgs, roleChain, roleSteps, type Step } from './roles.js';
import { playLevelVars } from './vars.js';
import { playBooleans } from './play-booleans.js';
import { checkModeAsWritten } from '../util/ansible-bool.js';
import { promptedVars } from './vars-prompt.js';
import { reservedNameWarnings } from './reserved-names.js';
import { readVarsFiles, varsFilesPerHost } from './vars-files.js';
import { renderedPlayField } from './play-fields.js';
import { gather } from './implicit-gather.js';

/**
 * Runs one play: hosts, serial batches, facts, pre_tasks, roles, tasks, post_tasks, handlers.
 * Resolves to 'stop' when failures broke the play (Ansible's break: max_fail_percentage
 * exceeded, any_errors_fatal, or a whole batch failed): then no later play or playbook runs.
 */
export async function runPlay(run: RunState, play: Play): Promise<'stop' | undefined> {
  // vars_prompt is asked before the play's banner; the answers are play variables from then on
  const prompted = await promptedVars(run, play, () =>
    readVarsFiles(play, new Templar({ ...play.vars, ...run.req.extraVars }), 'skip', true),
  );
  const vars = play.varsPrompt ? { ...play.vars, ...prompted } : play.vars;
  // Ansible templates the play's hosts and keywords with its vars and the extra vars
  // (`hosts: "{{ target }}"` with target asked by vars_prompt, `order: "{{ o }}"`)
  const playTemplar = new Templar({ ...vars, ...run.req.extraVars });
  const pattern = renderedPlayField(play, 'hosts', () => playTemplar.template(play.hosts)) as
    string | string[];
  const order = playKeyword(playTemplar, play, 'order');
  const booleans = playBooleans(
    play,
    new Templar({ ...vars, ...readVarsFiles(play, playTemplar, 'skip', true), ...run.req.extraVars }),
  );
  const unmatched: string[] = [];
  const selectPlayHosts = (): string[] =>
    ordered(selectHosts(run.req.inventory, pattern, run.req.limit, unmatched), order, play);
  const allHosts = selectPlayHosts();
  const name = playName(playTemplar, play);
  const patternWarnings = hostPatternWarnings(run, play, unmatched);
  if (allHosts.length === 0) {
    run.out.emit({ event: 'play_start', name, hosts: allHosts, ...patternWarnings });
    return undefined;
  }
  // before the banner, as Ansible reads them when the play starts on its hosts; a name that needs
  // a host's variables or facts is read for each host (vars-files.ts)
  const varsFiles = readVarsFiles(play, playTemplar, varsFilesPerHost(play) ? 'skip' : 'error');
  const warnings = [
    ...(patternWarnings.warnings ?? []),
    ...reservedNameWarnings(playLevelVars(play, run.req.extraVars, { vars, varsFiles })),
  ];
  // the batches too: a serial or max_fail_percentage that is no number stops the run here
  const templar = new Templar({ ...vars, ...varsFiles, ...run.req.extraVars });
  const batches = atPlay(play, () => batchesOf(allHosts, playKeyword(templar, play, 'serial')));
  const maxFail = atPlay(play, () => maxFailOf(playKeyword(templar, play, 'max_fail_percentage')));
  run.out.emit({
    event: 'play_start',
    name,
    hosts: allHosts,
    ...(warnings.length ? { warnings } : {}),
    check_mode: checkModeAsWritten(play.kw.check_mode, run.req.check),
  });
  const ps: PlayState = {
    run,
    play,
    allHosts,
    selectPlayHosts,
    batch: [],
    vars,
    varsFiles,
    handlers: flatHandlers([...roleHandlers(play), ...play.handlers]),
    rolesDone: new Set(),
    rolesCompleted: new Set(),
    roleDuplicates: new Map(),
    runOnce: new Map(),
    aborted: false,
    maxFail,
    // the play's own force_handlers (false too) wins over --force-handlers, as in Ansible
    forceHandlers: booleans.forceHandlers ?? run.req.forceHandlers,
    gatherFacts: booleans.gatherFacts,
    failedOut: new Set(),
  };
  // a host that failed or was unreachable in an earlier play stays out, as in Ansible
  for (const h of allHosts) {
    const hs = hostState(run, h);
    hs.ended = false;
    hs.removed = isDown(hs);
    if (hs.failed) ps.failedOut.add(h);
    hs.notified.clear();
  }
  // a rollout: more than one batch (serial 0, or one at least as large as the play, is one batch)
  const rollout = batches.length > 1;
  for (const [i, batch] of batches.entries()) {
    ps.batch = batch;
    // Ansible runs each batch on a copy of the play: end_host's removals start afresh
    for (const h of allHosts) {
      const hs = hostState(run, h);
      hs.removed = isDown(hs);
    }
    ps.runOnce = new Map();
    ps.rolesDone = new Set();
    if (rollout)
      run.out.emit({
        event: 'batch_start',
        play: play.name,
        batch: i + 1,
        batches: batches.length,
        hosts: batch,
      });
    await runBatch(ps);
    // a host that ended (meta: end_host, or the play stopped) is still live unless it failed
    const live = batch.filter((h) => !isDown(hostState(run, h)));
    const failed = batch.length - live.length;
    if (run.req.signal?.aborted) return 'stop';
    if (ps.batchEnded) {
      // meta: end_batch ends this batch only; the next one starts as usual
      ps.batchEnded = false;
      ps.aborted = false;
    }
    if (!(ps.aborted || exceedsMaxFail(failed, batch.length, ps.maxFail) || live.length === 0)) continue;
    if (failed === 0) break; // meta: end_play
    if (rollout) {
      run.rolloutStopped = rolloutStop(ps, run.failures, batches, i);
      run.out.emit({ event: 'rollout_stopped', ...run.rolloutStopped });
    }
    return 'stop';
  }
  return undefined;
}

/** The play's name as its banner shows it: rendered (`hosts: "{{ target }}"` names it), or as written if it cannot be. */
function playName(templar: Templar, play: Play): string {
  try {
    return String(templar.template(play.name));
  } catch {
    return play.name;
  }
}

/**
 * `Could not match supplied host pattern` for each part of the play's pattern that matches
 * nothing, as [inventory] host_pattern_mismatch has it: a warning (the output shows each one
 * once a run, as Ansible's display does), the run's end, or nothing.
 */
function hostPatternWarnings(run: RunState, play: Play, unmatched: string[]): { warnings?: string[] } {
  const mode = run.req.hostPatternMismatch ?? 'warning';
  if (!unmatched.length || mode === 'ignore') return {};
  if (mode === 'error') throw new RunStopError(unmatched[0]!, play.pos);
  return { warnings: unmatched };
}

/** An InputError of a play keyword's value, placed at the play (as the preflight places it). */
function atPlay<T>(play: Play, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError && !e.pos)
      throw new InputError(`play "${play.name}": ${e.message}`, play.pos);
    throw e;
  }
}

/** A play keyword rendered; one that renders to `omit` is not set (Ansible's default applies). */
function playKeyword(templar: Templar, play: Play, name: string): unknown {
  const v = renderedPlayField(play, name, () => templar.template(play.kw[name]));
  return v === OMIT ? undefined : v;
}

/** The play's `order`: inventory (default), reverse_inventory, sorted, reverse_sorted, shuffle. */
function ordered(hosts: string[], order: unknown, play: Play): string[] {
  switch (order) {
    case 'reverse_inventory':
      return [...hosts].reverse();
    case 'sorted':
      return [...hosts].sort();
    case 'reverse_sorted':
      return [...hosts].sort().reverse();
    case 'shuffle':
      return [...hosts]
        .map((h) => ({ h, k: Math.random() }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.h);
    case undefined:
    case 'default':
    case 'inventory':
      return hosts;
    default:
      // Ansible's words (AnsibleOptionsError)
      throw new InputError(`Invalid 'order' specified for inventory hosts: ${String(order)}`, play.pos);
  }
}

/**
 * Handlers of the play's roles, once per role even when the role is listed with other params.
 * Those of an imported role (and its dependencies) sit in a block of the import's keywords.
 */
function roleHandlers(play: Play): Play['handlers'] {
  const seen = new Set<string>();
  const out: Play['handlers'] = [];
  const add = (top: RoleInstance): void => {
    for (const r of roleChain(top)) {
      if (seen.has(r.path)) continue;
      seen.add(r.path);
      const kw = top.importKw;
      out.push(
        ...(kw && r.handlers.length
          ? [{ type: 'block' as const, block: r.handlers, rescue: [], always: [], kw, pos: r.pos, role: r }]
          : r.handlers),
      );
    }
  };
  for (const r of [...play.roles, ...(play.importedRoles ?? [])]) add(r);
  return out;
}

async function runBatch(ps: PlayState): Promise<void> {
  const base: Scope = rootScope(ps.play.kw);
  await gather(ps);
  await runSteps(
    ps,
    ps.play.preTasks.map((node) => ({ kind: 'node', node, scope: base })),
  );
  await flushHandlers(ps, ps.batch);
  await runSteps(ps, [
    ...roleSteps(ps, ps.play.roles, base),
    ...ps.play.tasks.map((node): Step => ({ kind: 'node', node, scope: base })),
  ]);
  await flushHandlers(ps, ps.batch);
  await runSteps(
    ps,
    ps.play.postTasks.map((node) => ({ kind: 'node', node, scope: base })),
  );
  await flushHandlers(ps, ps.batch);
}

/** Linear strategy at the top level: every host finishes a step before the next step starts. */
async function runSteps(ps: PlayState, steps: Step[]): Promise<void> {
  for (const [i, step] of steps.entries()) {
    if (ps.aborted) return;
    const hosts = ps.batch.filter((h) => isActive(hostState(ps.run, h)) && !ps.failedOut.has(h));
    if (hosts.length === 0) return;
    // a block, an include whose hosts go through the included tasks together, or a flush of
    // their handlers
    if (step.kind === 'node' && (step.node.type !== 'task' || isFlushHandlers(step.node)))
      await runLockstep(ps, hosts, step.node, step.scope);
    else
      await forEachHost(ps, hosts, (host) =>
        step.kind === 'node'
          ? runNode(ps, host, step.node, step.scope, (skip) =>
              tasksAfter(ps, step.scope, nodesAfter(steps, i), 0, skip),
            )
          : checkRoleArgs(ps, host, step.role, step.scope),
      );
    for (const h of hosts) if (hostState(ps.run, h).failed) ps.failedOut.add(h);
    if (ps.aborted) {
      for (const h of ps.batch) hostState(ps.run, h).ended = true;
      // Ansible's banner once any_errors_fatal has failed every host (not for meta: end_play)
      if (ps.fatal) ps.run.out.emit({ event: 'no_hosts_left' });
      return;
    }
    const failed = ps.batch.filter((h) => isDown(hostState(ps.run, h))).length;
    if (exceedsMaxFail(failed, ps.batch.length, ps.maxFail)) {
      ps.aborted = true;
      // Ansible's linear strategy sends it twice here: for the percentage, then as every
      // host has failed
      ps.run.out.emit({ event: 'no_hosts_left' });
      ps.run.out.emit({ event: 'no_hosts_left' });
      return;
    }
  }
}

/** The nodes of the steps after step `i` in its scope and list (for look-ahead.ts). */
function nodesAfter(steps: Step[], i: number): TaskNode[] {
  const step = steps[i]!;
  if (step.kind !== 'node') return [];
  const same: TaskNode[] = [];
  for (const s of steps.slice(i + 1, i + 1 + LOOK_AHEAD_TASKS)) {
    if (s.kind !== 'node' || s.scope !== step.scope) break;
    same.push(s.node);
  }
  return same;
}

/** A top-level block or include: every host at once, held together task by task (at most `forks` running). */
async function runLockstep(ps: PlayState, hosts: string[], node: TaskNode, scope: Scope): Promise<void> {
  const lockstep = new Lockstep(node, hosts, Math.max(1, ps.run.req.forks || 5));
  ps.lockstep = lockstep;
  try {
    await Promise.all(
      hosts.map(async (host) => {
        try {
          await runNode(ps, host, node, scope);
        } finally {
          lockstep.done(host);
        }
      }),
    );
  } finally {
    ps.lockstep = undefined;
  }
}
