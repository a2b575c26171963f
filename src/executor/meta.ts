import type { Task, TaskNode } from '../playbook/types.js';
import type { Templar } from '../template/index.js';
import type { PlayState } from './state.js';
import { hostState, leavePlay, varsChanged } from './state.js';
import type { Scope } from './scope.js';
import { whenConditions } from './scope.js';
import { HandlerRunError, flushHandlers } from './handlers.js';
import { showTaskHeader, taskLabel } from './results.js';
import { renderName } from './task-options.js';
import { refreshInventory } from './dynamic-inventory.js';
import { forgetInventoryViews } from './vars.js';
import { taskTarget } from './task-target.js';
import { warnOnce } from './run-warnings.js';

/** what Ansible's skip_reason adds after `<meta> conditional evaluated to False` */
const SKIP_TAIL: Record<string, (host: string) => string> = {
  end_host: (h) => `, continuing execution for ${h}`,
  end_play: () => ', continuing play',
  end_batch: () => ', continuing current batch',
  clear_host_errors: (h) => `, not clearing host error state for ${h}`,
  clear_facts: (h) => `, not clearing facts and fact cache for ${h}`,
  flush_handlers: (h) => `, not running handlers for ${h}`,
};

/** metas Ansible runs host by host (the others once for all), each time under its TASK header */
const PER_HOST_HEADER = new Set(['noop', 'reset_connection', 'end_host', 'flush_handlers']);

/** metas that run whatever their `when` says (Ansible warns that they do not support it) */
const NO_WHEN = new Set(['noop', 'refresh_inventory', 'reset_connection']);

/** Ansible's message for a meta that acted */
const DONE_MSG: Record<string, (host: string) => string> = {
  noop: () => 'noop',
  flush_handlers: (h) => `triggered running handlers for ${h}`,
  refresh_inventory: () => 'inventory successfully refreshed',
  clear_facts: () => 'facts cleared',
  clear_host_errors: () => 'cleared host errors',
  end_batch: () => 'ending batch',
  end_play: () => 'ending play',
  end_host: (h) => `ending play for ${h}`,
  reset_connection: () => 'reset connection',
};

/** What a meta task does: `flush_handlers`, `end_play`, ... */
function metaAction(task: Task): string {
  return String(task.args._raw_params ?? task.args.free_form ?? Object.values(task.args)[0] ?? '');
}

/** A `meta: flush_handlers` task: in the linear strategy, the hosts at it flush together. */
export function isFlushHandlers(node: TaskNode): boolean {
  return node.type === 'task' && node.action === 'meta' && metaAction(node) === 'flush_handlers';
}

/**
 * After a refresh Ansible's strategy reads the play's hosts from the inventory again: a host the
 * sources no longer hold runs no more of the play, and ansible_play_hosts(_all) are the hosts the
 * play's pattern names now (one the refresh added is listed there, yet runs nothing of this play).
 */
function leaveDroppedHosts(ps: PlayState): void {
  const hosts = ps.run.req.inventory.hosts;
  for (const h of ps.batch) if (!hosts.has(h)) hostState(ps.run, h).ended = true;
  ps.allHosts = ps.selectPlayHosts();
}

/** meta: flush_handlers, end_play, end_host, end_batch, reset_connection, noop and the others. */
export async function runMeta(
  ps: PlayState,
  host: string,
  task: Task,
  scope: Scope,
  templar: Templar,
  vars: Record<string, unknown>,
): Promise<void> {
  const what = metaAction(task);
  const hs = hostState(ps.run, host);
  const name = taskLabel(task, renderName(task, templar));
  // Ansible's strategy announces a meta task for each host it runs on, except those it runs once
  if (PER_HOST_HEADER.has(what)) ps.shownTask = undefined;
  showTaskHeader(ps, task, scope, name);
  // Ansible's -vv line for every meta, and a skipped result (not counted) when `when` says no
  const say = (header: string): void =>
    ps.run.out.emit({ event: 'log', host, msg: `META: ${header}`, level: 2 });
  if (NO_WHEN.has(what) && whenConditions(scope, task).length)
    warnOnce(ps.run, host, `${what} task does not support when conditional`);
  else {
    for (const c of whenConditions(scope, task))
      if (!templar.isTrue(c, task.pos)) {
        const why = `${what} conditional evaluated to False${SKIP_TAIL[what]?.(host) ?? ''}`;
        say(why);
        const msg =
          what === 'end_host' ? `end_host conditional evaluated to false${SKIP_TAIL.end_host!(host)}` : what;
        ps.run.out.emit({
          event: 'host_result',
          host,
          task: name,
          handler: scope.handler,
          action: 'meta',
          status: 'skipped',
          duration_ms: 0,
          // no `changed`: Ansible's strategy gives it only to a meta that ran
          result: { msg, skip_reason: why, skipped: true },
        });
        return;
      }
  }
  const done = DONE_MSG[what];
  if (done) say(done(host));
  switch (what) {
    case 'flush_handlers':
      if (scope.handler) throw new HandlerRunError('flush_handlers cannot be used as a handler', task.pos);
      // in the linear strategy, the hosts at this task flush their handlers together
      if (ps.lockstep) await ps.lockstep.gather(host, (hosts) => flushHandlers(ps, hosts));
      else await flushHandlers(ps, [host]);
      return;
    case 'end_batch':
      ps.batchEnded = true;
    // falls through: the batch ends as a play would
    case 'end_play':
      ps.aborted = true;
      for (const h of ps.batch) hostState(ps.run, h).ended = true;
      return;
    case 'end_host':
      leavePlay(ps.run, hs);
      return;
    case 'clear_host_errors':
      // failed and unreachable hosts alike come back for the next play; a failed one stays out of
      // the rest of this one (PlayState.failedOut), and both out of its ansible_play_hosts
      for (const h of ps.batch) {
        const s = hostState(ps.run, h);
        s.failed = false;
        s.unreachable = false;
        s.errorsCleared = (s.errorsCleared ?? 0) + 1;
      }
      // the failures that made any_errors_fatal stop the play are gone: it goes on, as in Ansible
      if (ps.fatal) ps.aborted = ps.fatal = false;
      return;
    case 'clear_facts':
      // Ansible clears its fact cache only: set_fact and register values stay (a cacheable
      // set_fact's too, as a variable)
      hs.facts = undefined;
      varsChanged(hs);
      ps.run.req.factCache?.remove(hs.name);
      return;
    case 'refresh_inventory': {
      const fresh = ps.run.req.reloadInventory?.();
      if (fresh) {
        refreshInventory(ps.run.req.inventory, fresh, ps.run.inventoryChanges);
        leaveDroppedHosts(ps);
      }
      forgetInventoryViews(ps);
      return;
    }
    case 'reset_connection': {
      // the host's connection as a task of this host would use it (its connection keywords)
      const { conn } = taskTarget(ps, host, task, scope, vars, templar);
      // Ansible's local connection has no reset of its own: its base class warns
      if (conn.kind === 'local') warnOnce(ps.run, host, 'Reset is not implemented for this connection');
      await conn.reset?.();
      return;
    }
    case 'noop':
    default:
      return;
  }
}
