import { stateDiff } from '../lib/diff.js';
import { afterState, type ServiceState, type Wanted } from './service-plan.js';
import type { ModuleContext, ModuleResult } from '../types.js';

/** Runs a service plan (changes: not sent in check mode) and shapes Ansible's result with a before/after diff. */
export async function applyServicePlan(
  ctx: ModuleContext,
  name: string,
  cur: ServiceState,
  want: Wanted,
  commands: string[][],
): Promise<ModuleResult> {
  const after = afterState(cur, want);
  const changed = commands.length > 0;
  for (const argv of commands) await ctx.change(argv);
  const view = (s: ServiceState) => ({
    name,
    state: s.running ? 'started' : 'stopped',
    ...(s.enabled !== undefined ? { enabled: s.enabled } : {}),
    ...(s.masked ? { masked: true } : {}),
  });
  const result: ModuleResult = { changed, name, state: view(after).state };
  if (after.enabled !== undefined) result.enabled = after.enabled;
  if (ctx.diff && changed) result.diff = stateDiff(view(cur), view(after));
  return result;
}
