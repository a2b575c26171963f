import { stateDiff } from '../lib/diff.js';
import { ModuleFailure } from '../lib/args.js';
import type { PkgPlan } from './apt-plan.js';
import type { ModuleContext, ModuleResult, RunResult } from '../types.js';

/** What apt and dnf share once they have a plan: check mode, the diff, running and the result. */
export async function applyPlan(
  ctx: ModuleContext,
  mgr: string,
  plan: PkgPlan,
  commands: string[][],
  env: Record<string, string> = {},
): Promise<ModuleResult> {
  if (plan.missing.length)
    throw new ModuleFailure(
      `No package matching '${plan.missing.join("', '")}' is available (${mgr} on ${ctx.host})`,
      {
        missing: plan.missing,
      },
    );
  const changed = commands.length > 0;
  const result: ModuleResult = { changed, installed: plan.install, removed: plan.remove };
  if (ctx.diff && changed)
    result.diff = stateDiff(
      { installed: [], removed: [] },
      { installed: plan.install, removed: plan.remove },
    );
  const outs: RunResult[] = [];
  for (const argv of commands) {
    const out = await ctx.change(argv, { env });
    // check mode: the plan is the result
    if (!out) return result;
    outs.push(out);
  }
  if (!outs.length) return result;
  result.stdout = outs.map((o) => o.stdout).join('');
  result.stderr = outs.map((o) => o.stderr).join('');
  result.stdout_lines = String(result.stdout).split('\n').filter(Boolean);
  result.cmd = outs.map((o) => o.cmd).join(' && ');
  return result;
}
