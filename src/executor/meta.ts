import type { Task } from '../playbook/types.js';
import type { Templar } from '../template/index.js';
import type { PlayState } from './state.js';
import { hostState } from './state.js';
import type { Scope } from './scope.js';
import { whenConditions } from './scope.js';
import { flushHandlers } from './handlers.js';

/** meta: flush_handlers, end_play, end_host, end_batch, noop (and harmless ones as noop). */
export async function runMeta(
  ps: PlayState,
  host: string,
  task: Task,
  scope: Scope,
  templar: Templar,
): Promise<void> {
  const what = String(task.args._raw_params ?? task.args.free_form ?? Object.values(task.args)[0] ?? '');
  const hs = hostState(ps.run, host);
  // flush_handlers ignores `when` in Ansible; the others honour it
  if (what !== 'flush_handlers') {
    for (const c of whenConditions(scope, task)) if (!templar.isTrue(c, task.pos)) return;
  }
  switch (what) {
    case 'flush_handlers':
      await flushHandlers(ps, [host]);
      return;
    case 'end_play':
    case 'end_batch':
      ps.aborted = true;
      for (const h of ps.batch) hostState(ps.run, h).ended = true;
      return;
    case 'end_host':
      hs.ended = true;
      return;
    case 'clear_host_errors':
      for (const h of ps.batch) hostState(ps.run, h).failed = false;
      return;
    case 'clear_facts':
      hs.facts = undefined;
      hs.gathered = false;
      hs.hostFacts = {};
      ps.run.req.factCache?.remove(hs.name);
      return;
    case 'noop':
    case 'refresh_inventory':
    case 'reset_connection':
    default:
      return;
  }
}
