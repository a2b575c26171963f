import type { RunRequest } from './api.js';
import type { Output, RolloutStop } from '../output/events.js';
import type { FailureLog } from './rollout.js';
import type { InventoryChange } from './dynamic-inventory.js';
import type { Lockstep } from './lockstep.js';
import type { Masker } from '../output/masking.js';
import type { ConnectionPool } from './connections.js';
import type { Play, RoleInstance, TaskNode } from '../playbook/types.js';
import { withFacts } from './fact-cache.js';

/** One host's counters for PLAY RECAP. */
export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}

/** What the run remembers of a host across plays. */
export interface HostState {
  name: string;
  /** facts (ansible_facts): from the fact cache, gathered, or set by a module; undefined until then */
  facts?: Record<string, unknown>;
  /** set_fact and register values: they live for the whole run */
  hostFacts: Record<string, unknown>;
  /** include_vars values (below hostFacts in precedence): they live for the whole run */
  includedVars: Record<string, unknown>;
  /** counts the changes to facts, hostFacts and includedVars: `hostvars` views older than it are stale */
  varsVersion?: number;
  /** a task failed (not ignored, not rescued): the host leaves the play */
  failed: boolean;
  /** how often meta clear_host_errors ran: an always section knows a failure before it was cleared */
  errorsCleared?: number;
  unreachable: boolean;
  /**
   * out of this play's ansible_play_hosts / ansible_play_batch (Ansible's play._removed_hosts): it
   * failed (not rescued), was unreachable or ended with end_host in this play, or was down when the
   * play started; meta clear_host_errors does not bring it back there before the next play
   */
  removed: boolean;
  /** meta: end_host / end_play / any_errors_fatal: no more tasks in this play */
  ended: boolean;
  /** handlers notified and not yet run, as handler nodes */
  notified: Set<TaskNode>;
  /** the last failure, for rescue's ansible_failed_task / ansible_failed_result */
  lastFailure?: { task: Record<string, unknown>; result: Record<string, unknown> };
}

/** State for the whole run (all playbooks). */
export interface RunState {
  req: RunRequest;
  out: Output;
  masker: Masker;
  conns: ConnectionPool;
  stats: Map<string, HostStats>;
  /** set_stats' values: per host, and `_run` for the whole run (custom-stats.ts) */
  customStats: Map<string, Record<string, unknown>>;
  hosts: Map<string, HostState>;
  /** something changed (for --detailed-exitcode) */
  anyChanged: boolean;
  startedAt: number;
  /** --start-at-task: false until the named task is reached */
  startReached?: boolean;
  /** each host's last failure (what a stopped rollout reports) */
  failures: FailureLog;
  /** add_host/group_by changes so far, applied again after meta: refresh_inventory */
  inventoryChanges: InventoryChange[];
  /** the rollout whose failures stopped the run */
  rolloutStopped?: RolloutStop;
  /** the warnings the executor gave itself (run-warnings.ts warnOnce) */
  warned?: Set<string>;
}

/** State for one play (and its current batch). */
export interface PlayState {
  run: RunState;
  play: Play;
  /** every host the play targets */
  allHosts: string[];
  /** the play's hosts as the inventory holds them now (meta: refresh_inventory reads them again) */
  selectPlayHosts: () => string[];
  /** hosts of the current serial batch */
  batch: string[];
  /** play vars with vars_files merged (play-level precedence) */
  vars: Record<string, unknown>;
  varsFiles: Record<string, unknown>;
  /** handlers in definition order: roles' handlers first, then the play's */
  handlers: TaskNode[];
  /** roles already run in this play: name + params */
  rolesDone: Set<string>;
  /** import_role / include_role roles (roleImportKey) that ran to their end, per `host\0key` */
  rolesCompleted: Set<string>;
  /** allow_duplicates an include_role set when it ran, per roleImportKey (it wins over imports') */
  roleDuplicates: Map<string, boolean>;
  /** roles an include_role with `public: true` ran: their defaults and vars join the play's */
  publicRoles?: RoleInstance[];
  /** the task whose header was shown last (a header repeats when hosts interleave) */
  shownTask?: unknown;
  /** run_once tasks: the first host's outcome, shared with the others */
  runOnce: Map<unknown, Promise<unknown>>;
  /** a host failed with any_errors_fatal, or meta end_play: the play stops */
  aborted: boolean;
  /** meta: end_batch stopped the batch (ps.aborted is set too, until the batch is over) */
  batchEnded?: boolean;
  /** the stop came from any_errors_fatal: `always` sections still run, as in Ansible */
  fatal?: boolean;
  /** the top-level block running now: its hosts go through its tasks together */
  lockstep?: Lockstep;
  /** the play's max_fail_percentage, rendered and read as a number (batches.ts maxFailOf) */
  maxFail: number | undefined;
  forceHandlers: boolean;
  /** the play's gather_facts, rendered; undefined when not set */
  gatherFacts?: boolean;
  /**
   * hosts still failed at the end of a top-level step (or when the play started): their part of the
   * play is over even when meta clear_host_errors clears the failure, as in Ansible (their state is
   * complete); only an unreachable host goes on after it
   */
  failedOut: Set<string>;
}

const livenessVersions = new WeakMap<RunState, number>();

/**
 * Goes up whenever a host of the run fails, becomes unreachable or has its errors cleared: what
 * depends on which hosts are still in the play (ansible_play_hosts) is computed again only then,
 * not for every host and task (a thousand hosts made that a billion steps per task).
 */
export function livenessVersion(run: RunState): number {
  return livenessVersions.get(run) ?? 0;
}

/** meta end_host: the host leaves the play's host lists, as Ansible's play._removed_hosts. */
export function leavePlay(_run: RunState, hs: HostState): void {
  hs.ended = true;
  // the setter bumps the liveness version: ansible_play_hosts is computed again
  hs.removed = true;
}

/** The host's facts, set_fact/register values or include_vars changed: its `hostvars` view is built again. */
export function varsChanged(hs: HostState): void {
  hs.varsVersion = (hs.varsVersion ?? 0) + 1;
}

export function hostState(run: RunState, name: string): HostState {
  let h = run.hosts.get(name);
  if (!h) {
    // failed, unreachable and removed decide who is in ansible_play_hosts: a change bumps the version
    const live = { failed: false, unreachable: false, removed: false };
    const set = (key: keyof typeof live, v: boolean): void => {
      if (v !== live[key]) livenessVersions.set(run, livenessVersion(run) + 1);
      live[key] = v;
    };
    h = {
      name,
      hostFacts: {},
      includedVars: {},
      get failed() {
        return live.failed;
      },
      set failed(v: boolean) {
        set('failed', v);
        if (v) set('removed', true);
      },
      get unreachable() {
        return live.unreachable;
      },
      set unreachable(v: boolean) {
        set('unreachable', v);
        if (v) set('removed', true);
      },
      get removed() {
        return live.removed;
      },
      set removed(v: boolean) {
        set('removed', v);
      },
      ended: false,
      notified: new Set(),
    };
    const cached = run.req.factCache?.get(name);
    // facts from the cache are host data like any others (Ansible wraps them unsafe)
    if (cached) h.facts = withFacts(undefined, cached);
    run.hosts.set(name, h);
  }
  return h;
}

export function statsOf(run: RunState, host: string): HostStats {
  let s = run.stats.get(host);
  if (!s) {
    s = emptyStats();
    run.stats.set(host, s);
  }
  return s;
}

/** A host failed or was unreachable: it is out of the play, and of the plays after it. */
export function isDown(h: HostState): boolean {
  return h.failed || h.unreachable;
}

/** A host is in this play's ansible_play_hosts (see HostState.removed). */
export function inPlayHosts(h: HostState): boolean {
  return !isDown(h) && !h.removed;
}

/** A host still runs tasks in this play. */
export function isActive(h: HostState): boolean {
  return !isDown(h) && !h.ended;
}

/** True once the play stops for this scope: after any_errors_fatal an always section goes on. */
export function stopped(ps: PlayState, scope: { always?: boolean }): boolean {
  return ps.aborted && !(ps.fatal && scope.always);
}
