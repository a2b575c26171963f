import { readJob, removeJob, startJob } from '../modules/commands/async-job.js';
import { isCommandPlan, type ModuleContext, type ModuleDef, type ModuleResult } from '../modules/types.js';
import { truthy } from '../template/python.js';

/** Hears an async task's polls and how its wait ended (the output's ASYNC lines). */
export type AsyncStatusReport = (s: {
  state: 'poll' | 'ok' | 'failed';
  jid: string;
  started?: unknown;
  finished?: unknown;
}) => void;

/** `async:` (seconds the job may run) and `poll:` (seconds between checks; 0: do not wait) of a task. */
export interface AsyncOptions {
  limit: number;
  poll: number;
}

/** Why a module call cannot be async, as Ansible words it; undefined when it can. */
export function asyncRefusal(mod: ModuleDef, check: boolean): string | undefined {
  if (!mod.asyncPlan) return 'async is not supported for this task.';
  if (check) return 'check mode and async cannot be used on same task.';
  return undefined;
}

/**
 * Runs the module's command as a background job on the host. poll 0: the job's id at once
 * (`finished: 0`); else the job is read every `poll` seconds until it is done (its result, the
 * job removed) or `limit` seconds are used up (Ansible's failure, the job left running).
 */
export async function runAsync(
  ctx: ModuleContext,
  mod: ModuleDef,
  args: Record<string, unknown>,
  opts: AsyncOptions,
  report: AsyncStatusReport = () => undefined,
): Promise<ModuleResult> {
  const plan = await mod.asyncPlan!(ctx, args);
  if (!isCommandPlan(plan)) return plan;
  const job = await startJob(ctx, plan, opts.limit);
  if (!job)
    return { changed: false, skipped: true, msg: 'check mode and async cannot be used on same task.' };
  const base = { ansible_job_id: job.jid, results_file: job.resultsFile, started: 1 };
  if (opts.poll <= 0) return { changed: true, ...base, finished: 0 };
  let status: ModuleResult = { changed: false, ...base, finished: 0 };
  for (let left = opts.limit; left > 0; left -= opts.poll) {
    await new Promise((r) => setTimeout(r, opts.poll * 1000));
    status = await readJob(ctx, job.jid);
    if (status.finished === 1) {
      await removeJob(ctx, job.jid);
      report({ state: truthy(status.failed) ? 'failed' : 'ok', jid: job.jid });
      return status;
    }
    report({ state: 'poll', jid: job.jid, started: status.started, finished: status.finished });
  }
  report({ state: 'failed', jid: job.jid });
  return {
    changed: false,
    failed: true,
    msg: `async task did not complete within the requested time - ${opts.limit}s`,
    async_result: status,
  };
}
