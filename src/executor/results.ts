import type { HostStatus } from '../output/events.js';
import type { ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import type { PlayState } from './state.js';
import { statsOf } from './state.js';
import type { Scope } from './scope.js';
import { displayName, keyword } from './scope.js';
import { checkModeAsWritten } from '../util/ansible-bool.js';
import { truthy } from '../template/python.js';
import { isChanged, isFailed, isSkipped, isUnreachable } from './result-flags.js';
import { bannerArgs } from './banner-args.js';
import { CALLBACK_KEYS, withoutInternalKeys } from './internal-keys.js';

export const CENSORED =
  "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/** The result's status as Ansible's strategy tells it: failed first, then unreachable, skipped. */
export function statusOf(res: ModuleResult): HostStatus {
  if (isFailed(res)) return 'failed';
  if (isUnreachable(res)) return 'unreachable';
  if (isSkipped(res)) return 'skipped';
  return isChanged(res) ? 'changed' : 'ok';
}

/** What output shows of a result: censored under no_log, secrets masked, internal keys gone. */
export function shownResult(ps: PlayState, res: ModuleResult, noLog: boolean): Record<string, unknown> {
  if (noLog) {
    const out: Record<string, unknown> = { censored: CENSORED, changed: res.changed };
    // what Ansible's clean_copy keeps of a hidden result
    for (const k of ['attempts', 'retries']) if (k in res) out[k] = res[k];
    if (truthy(res.failed)) out.failed = true;
    if (truthy(res.skipped)) out.skipped = true;
    if (Array.isArray(res.results))
      out.results = res.results.map((r: ModuleResult) => ({ censored: CENSORED, changed: r?.changed }));
    return out;
  }
  // what Ansible's callbacks get: a clean copy, without internal keys but those they read
  return withoutInternalKeys(ps.run.masker.value(res), CALLBACK_KEYS);
}

/**
 * Emits task_start when this task is not the one whose header was shown last, with `warnings`
 * (its name's lookups') before it; true when it did.
 */
export function showTaskHeader(
  ps: PlayState,
  task: Task,
  scope: Scope,
  name: string,
  warnings: string[] = [],
): boolean {
  if (ps.shownTask === task) return false;
  ps.shownTask = task;
  ps.run.out.emit({
    event: 'task_start',
    task: name,
    handler: scope.handler,
    action: task.action,
    path: `${task.pos.file}:${task.pos.line}`,
    check_mode: checkModeAsWritten(keyword(scope, task, 'check_mode'), ps.run.req.check),
    ...(ps.run.req.callback?.displayArgsToStdout && {
      args: bannerArgs(task, keyword(scope, task, 'no_log')),
    }),
    ...(warnings.length ? { warnings } : {}),
  });
  return true;
}

export interface Counted {
  status: HostStatus;
  ignored?: boolean;
  rescued?: boolean;
  changed: boolean;
}

/** PLAY RECAP counters, as Ansible's strategy counts them (ok includes changed and ignored). */
export function count(ps: PlayState, host: string, c: Counted): void {
  const s = statsOf(ps.run, host);
  // a failure counts `changed` only when ignored, as Ansible's strategy does
  const counts = c.changed && (c.status !== 'failed' || c.ignored) && c.status !== 'unreachable';
  if (counts) {
    s.changed++;
    ps.run.anyChanged = true;
  }
  switch (c.status) {
    case 'unreachable':
      // ignore_unreachable: ok and ignored, as Ansible 2.14's strategy counts it
      if (c.ignored) {
        s.ok++;
        s.ignored++;
      } else s.unreachable++;
      break;
    case 'failed':
      if (c.ignored) {
        s.ok++;
        s.ignored++;
      } else if (c.rescued) s.rescued++;
      else s.failed++;
      break;
    case 'skipped':
      s.skipped++;
      break;
    default:
      s.ok++;
  }
}

export function taskLabel(task: Task, rendered?: string): string {
  return displayName(task, rendered);
}
