import type { HostStatus } from '../output/events.js';
import type { ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import type { PlayState } from './state.js';
import { statsOf } from './state.js';
import type { Scope } from './scope.js';
import { displayName, keyword } from './scope.js';
import { checkModeAsWritten } from '../util/ansible-bool.js';
import { truthy as pyTruthy } from '../template/python.js';
import { bannerArgs } from './banner-args.js';
import { CALLBACK_KEYS, withoutInternalKeys } from './internal-keys.js';

export const CENSORED =
  "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

export function statusOf(res: ModuleResult): HostStatus {
  if (res.unreachable) return 'unreachable';
  if (failedWhenSaid(res) ?? res.failed) return 'failed';
  if (res.skipped) return 'skipped';
  return isChanged(res) ? 'changed' : 'ok';
}

/**
 * Ansible's TaskResult.is_changed: `changed` by Python's truthiness, so a module of the user's own
 * that says `"changed": "yes"` (or 1) changed, and one that says `[]` or `0.0` did not.
 */
export function isChanged(res: ModuleResult): boolean {
  return pyTruthy(res.changed);
}

/**
 * Ansible's TaskResult.is_failed: where failed_when decided (on the result or on any loop item), its
 * verdict counts, not `failed` (which an exhausted `until` sets).
 */
function failedWhenSaid(res: ModuleResult): boolean | undefined {
  if ('failed_when_result' in res) return Boolean(res.failed_when_result);
  const items = Array.isArray(res.results) ? (res.results as ModuleResult[]) : [];
  if (!items.some((r) => r && typeof r === 'object' && 'failed_when_result' in r)) return undefined;
  return items.some((r) => Boolean(r?.failed_when_result));
}

/** What output shows of a result: censored under no_log, secrets masked, internal keys gone. */
export function shownResult(ps: PlayState, res: ModuleResult, noLog: boolean): Record<string, unknown> {
  if (noLog) {
    const out: Record<string, unknown> = { censored: CENSORED, changed: res.changed };
    // what Ansible's clean_copy keeps of a hidden result
    for (const k of ['attempts', 'retries']) if (k in res) out[k] = res[k];
    if (res.failed) out.failed = true;
    if (res.skipped) out.skipped = true;
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
