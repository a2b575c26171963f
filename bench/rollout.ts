/**
 * Workload (d), issue 18's rollout: playbooks/site.yml on 4 lab PXE servers on 4 fabric segments
 * (a gate client on each), forks 4, in three ways: serial 1, site.yml's default batches
 * ([1, '25%']: the canary, then one server a batch here) and no serial (all four at once).
 * fabplay and ansible-playbook each get a fresh lab per way, so every first run starts from nothing.
 * ansible-playbook's first run takes minutes per batch here: it runs once, fabplay's twice.
 */
import { mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { preparePxeLab } from '../scripts/lab-pxe.js';
import type { Measured } from './measure.js';
import { timesFaster, type Row } from './report.js';
import { check, say, twice, wall, withLab } from './steps.js';
import { runAnsible, runFabplay } from './tools.js';

const repo = resolve(import.meta.dirname, '..');
const SERVERS = 4;
const FORKS = 4;

const WAYS: { name: string; extraVars: string[] }[] = [
  { name: 'serial 1', extraVars: ['-e', 'rollout_serial=1'] },
  { name: "default [1, '25%']", extraVars: [] },
  { name: 'no serial', extraVars: ['-e', 'rollout_serial=0'] },
];

type Runner = (site: string, inv: string, extra: string[]) => Promise<Measured>;

const fabplay: Runner = (site, inv, extra) => runFabplay(site, inv, ['--forks', String(FORKS), ...extra]);
const ansible: Runner = (site, inv, extra) => runAnsible(site, inv, FORKS, extra);

/** site.yml on a fresh lab: the first run, and the re-run when asked. */
async function siteOnFreshLab(
  work: string,
  tool: string,
  run: Runner,
  extra: string[],
  rerun: boolean,
): Promise<{ firstMs: number; rerunMs?: number; peakRssMb: number; ok: boolean }> {
  return withLab(
    'benchd',
    SERVERS,
    SERVERS,
    async (s) => {
      const inv = await preparePxeLab(s, mkdtempSync(join(work, `d-${tool}-`)));
      const go = () => run(join(repo, 'playbooks/site.yml'), inv, extra);
      let out: { firstMs: number; rerunMs?: number; peakRssMb: number; ok: boolean };
      if (rerun) {
        const r = await twice(go, `${tool} (d)`);
        out = { ...wall(r), peakRssMb: Math.max(r.first.peakRssMb, r.rerun.peakRssMb), ok: r.ok };
      } else {
        const first = await go();
        out = { firstMs: first.wallMs, peakRssMb: first.peakRssMb, ok: check(`${tool} (d)`, first) };
      }
      say(`(d) ${tool} ${extra.join(' ') || 'default batches'}: ${JSON.stringify(out)}`);
      return out;
    },
    true,
  );
}

export async function rolloutWorkload(work: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const way of WAYS) {
    const f = await siteOnFreshLab(work, 'fabplay', fabplay, way.extraVars, true);
    const a = await siteOnFreshLab(work, 'ansible', ansible, way.extraVars, false);
    for (const [tool, r] of [
      ['fabplay', f],
      ['ansible-playbook', a],
    ] as const)
      rows.push({
        workload: `d rollout, ${way.name}`,
        tool,
        ...r,
        hosts: SERVERS,
        vsAnsible: tool === 'fabplay' ? timesFaster(f, a) : undefined,
        note: `forks ${FORKS}, ${SERVERS} segments`,
      });
  }
  return rows;
}
