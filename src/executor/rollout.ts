import type { HostResultEvent, Output, RolloutStop, RunEvent } from '../output/events.js';
import { selectHosts } from '../inventory/index.js';
import { Templar } from '../template/index.js';
import type { Play } from '../playbook/types.js';
import type { PlayState, RunState } from './state.js';
import { hostState, isDown } from './state.js';
import { truthy } from '../template/python.js';

/**
 * A rollout is a play run in `serial` batches. When a batch's failures stop the play (Ansible's
 * break: max_fail_percentage exceeded, any_errors_fatal, or the whole batch failed), the run
 * stops there, and this says where: which batch, which host failed which task (a gate is a task),
 * and which hosts were never reached.
 */

export interface FailureNote {
  task: string;
  status: 'failed' | 'unreachable';
  msg: string;
}

/** The last failure of each host, read from the results as they are emitted. */
export class FailureLog implements Output {
  readonly byHost = new Map<string, FailureNote>();

  constructor(private inner: Output) {}

  emit(ev: RunEvent): void {
    if (ev.event === 'host_result' && ev.item === undefined) this.note(ev);
    this.inner.emit(ev);
  }

  private note(ev: HostResultEvent): void {
    if ((ev.status !== 'failed' && ev.status !== 'unreachable') || ev.ignored || ev.rescued) return;
    const r = ev.result;
    const items = Array.isArray(r.results) ? (r.results as Record<string, unknown>[]) : [];
    const firstBad = items.find((i) => i && (truthy(i.failed) || truthy(i.unreachable)));
    const msg = String(firstBad?.msg ?? r.msg ?? r.stderr ?? '').trim();
    this.byHost.set(ev.host, { task: ev.task, status: ev.status, msg });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  async settle(): Promise<void> {
    await this.inner.settle?.();
  }
}

/** Hosts of the plays after `play` (in this playbook and the next ones) that never ran. */
function laterPlayHosts(run: RunState, play: Play): string[] {
  const plays = run.req.playbooks.flatMap((pb) => pb.plays);
  const later = plays.slice(plays.indexOf(play) + 1);
  const t = new Templar({ ...run.req.extraVars });
  return later.flatMap((p) => {
    try {
      return selectHosts(run.req.inventory, t.template(p.hosts) as string | string[], run.req.limit);
    } catch {
      return [];
    }
  });
}

/** The record of a rollout stopped after batch `index` (0-based) of `batches`. */
export function rolloutStop(
  ps: PlayState,
  failures: FailureLog,
  batches: string[][],
  index: number,
): RolloutStop {
  const run = ps.run;
  const batch = batches[index]!;
  const failed = batch
    .filter((h) => isDown(hostState(run, h)))
    .map((host) => {
      const f = failures.byHost.get(host);
      return { host, task: f?.task ?? '', status: f?.status ?? 'failed', msg: f?.msg ?? '' };
    });
  const seen = new Set(run.stats.keys());
  const notReached = [...batches.slice(index + 1).flat(), ...laterPlayHosts(run, ps.play)].filter(
    (h) => !seen.has(h),
  );
  return {
    play: ps.play.name,
    batch: index + 1,
    batches: batches.length,
    hosts: batch,
    failed,
    not_reached: [...new Set(notReached)],
  };
}
