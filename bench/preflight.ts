import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadPlaybook } from '../src/playbook/index.js';
import { preflight } from '../src/preflight/index.js';
import { catalogNames, loadModules } from '../src/modules/catalog.js';
import { forgetCheckedTemplates } from '../src/preflight/template-files.js';
import type { Verdict } from './report.js';

/**
 * The preflight of playbooks/site.yml with all its roles (no lab, no host): the pass itself, cold
 * (first in this process: every template compiled) and warm, and `fabplay validate` as a user
 * runs it (a process of its own, the built CLI, inventory/example).
 */
export async function preflightFigures(repo: string): Promise<{ lines: string[]; targets: Verdict[] }> {
  const site = join(repo, 'playbooks/site.yml');
  const pb = loadPlaybook(site, { rolesPath: [] });
  // the pass itself: a run loads the modules with it, but here tsx would time its own transpiling
  await loadModules(catalogNames());
  // the CPU time beside the wall time: on a shared machine the wall time also holds the waits
  let coldCpu = 0;
  const time = async (): Promise<number> => {
    forgetCheckedTemplates();
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const found = await preflight([pb]);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const c = process.cpuUsage(c0);
    coldCpu ||= (c.user + c.system) / 1000;
    if (found.errors.length) throw new Error(`site.yml has preflight errors: ${found.errors[0]!.message}`);
    return ms;
  };
  const cold = await time();
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await time());
  const warm = runs.sort((a, b) => a - b)[2]!;
  // as a user runs it, in a process of its own: the fastest of 5 (the machine is shared)
  let validateMs = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(
      process.execPath,
      [join(repo, 'bin/fabplay.js'), 'validate', site, '-i', join(repo, 'inventory/example')],
      { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    validateMs = Math.min(validateMs, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return {
    lines: [
      `preflight of site.yml (${pb.plays.length} plays, all roles): ${cold.toFixed(1)} ms cold (${coldCpu.toFixed(1)} ms CPU), ${warm.toFixed(1)} ms warm; ` +
        `fabplay validate site.yml -i inventory/example: ${validateMs.toFixed(0)} ms in all (fastest of 5)`,
    ],
    targets: [
      { target: 'preflight of site.yml under 100 ms', measured: `${cold.toFixed(1)} ms`, met: cold < 100 },
      {
        target: 'fabplay validate site.yml under 1 s in all',
        measured: `${validateMs.toFixed(0)} ms`,
        met: validateMs < 1000,
      },
    ],
  };
}
