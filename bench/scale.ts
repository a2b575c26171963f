/**
 * Workload (s), issue 24's scale run: the same 20 task items (bench/workloads.ts scalePlaybook) on
 * labs of growing size, forks 50, a first run and a re-run each (three of each, on directories of
 * their own, at 100 hosts and the largest size: their medians). Per size: the lab's own start
 * time, memory and CPU (bench/lab-cost.ts), fabplay's wall time, its own CPU per host-task
 * (user+sys of its process alone) and peak RSS; ansible-playbook's first run beside it at the
 * sizes asked (it takes about 10 s per host here).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabState } from '../src/lab/index.js';
import type { Measured } from './measure.js';
import { sampleLab, settledLab } from './lab-cost.js';
import { grid, type Verdict } from './report.js';
import { check, say, withLab } from './steps.js';
import { runAnsible, runFabplay } from './tools.js';
import { scalePlaybook, SCALE_TASKS } from './workloads.js';

export interface ScaleOptions {
  sizes: number[];
  ansibleSizes: number[];
  forks: number;
  /** sizes run three times, their medians reported (those the linear-growth verdict compares) */
  repeatAt: number[];
}

interface Run {
  m: Measured;
  ok: boolean;
  labCpuMs: number;
}

interface Size {
  hosts: number;
  labUpMs: number;
  labPssMb: number;
  labProcesses: number;
  first: Run;
  rerun: Run;
  /** how many first runs and re-runs the medians are of */
  runs: number;
  ansible?: Run;
}

const s2 = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perHostTask = (ms: number, hosts: number) => `${(ms / hosts / SCALE_TASKS).toFixed(2)} ms`;

/** One run, with the CPU the lab's processes spent meanwhile. */
async function timed(lab: string, what: string, hosts: number, run: () => Promise<Measured>): Promise<Run> {
  const before = await sampleLab(lab);
  const m = await run();
  const after = await settledLab(lab, before.processes);
  // every host in the recap, none unreachable or failed
  const recap = m.stdout.match(/ ok=\d+ .*unreachable=0 +failed=0 /g)?.length ?? 0;
  let ok = check(what, m);
  if (ok && recap !== hosts) {
    say(`${what}: ${recap} of ${hosts} hosts ran clean`);
    ok = false;
  }
  return { m, ok, labCpuMs: after.cpuMs - before.cpuMs };
}

/**
 * A first run on a fresh directory, then its re-run, `n` times (each pair on a directory of its
 * own): the pair whose wall time is the median of each kind, so one slow moment of the shared
 * machine does not decide a size. Peak RSS is the largest seen.
 */
async function pairs(lab: string, hosts: number, n: number, run: (k: number) => Promise<Measured>) {
  const firsts: Run[] = [];
  const reruns: Run[] = [];
  for (let k = 0; k < n; k++) {
    firsts.push(await timed(lab, `fabplay (s) ${hosts} hosts, first run`, hosts, () => run(k)));
    reruns.push(await timed(lab, `fabplay (s) ${hosts} hosts, re-run`, hosts, () => run(k)));
  }
  return { first: median(firsts), rerun: median(reruns), runs: n };
}

/** The run of median wall time, failed if any run failed, with the largest peak RSS of them. */
function median(runs: Run[]): Run {
  const byWall = [...runs].sort((a, b) => a.m.wallMs - b.m.wallMs);
  const mid = byWall[(byWall.length - 1) >> 1]!;
  const peak = Math.max(...runs.map((r) => r.m.own?.peakRssMb ?? NaN));
  return {
    ...mid,
    ok: runs.every((r) => r.ok),
    m: { ...mid.m, own: mid.m.own && { ...mid.m.own, peakRssMb: peak } },
  };
}

async function oneSize(work: string, hosts: number, o: ScaleOptions): Promise<Size> {
  const t0 = Date.now();
  return withLab('benchs', hosts, 0, async (s: LabState) => {
    const labUpMs = Date.now() - t0;
    const mem = await sampleLab(s.name, true);
    const pbA = join(work, `s-ansible.yml`);
    writeFileSync(pbA, scalePlaybook('/srv/bench-s-ansible'));
    const fab = (k: number) => {
      const pb = join(work, `s-fabplay-${k}.yml`);
      writeFileSync(pb, scalePlaybook(`/srv/bench-s-fabplay-${k}`));
      return runFabplay(pb, s.inventoryFile, ['--forks', String(o.forks)], undefined, { ownUsage: true });
    };
    const { first, rerun, runs } = await pairs(s.name, hosts, o.repeatAt.includes(hosts) ? 3 : 1, fab);
    const ansible = o.ansibleSizes.includes(hosts)
      ? await timed(s.name, `ansible (s) ${hosts} hosts`, hosts, () =>
          runAnsible(pbA, s.inventoryFile, o.forks),
        )
      : undefined;
    say(`(s) ${hosts} hosts: fabplay ${s2(first.m.wallMs)} / ${s2(rerun.m.wallMs)}`);
    return { hosts, labUpMs, labPssMb: mem.pssMb, labProcesses: mem.processes, first, rerun, runs, ansible };
  });
}

export async function scaleWorkload(
  work: string,
  o: ScaleOptions,
): Promise<{ table: string; lines: string[]; targets: Verdict[] }> {
  const all = [...new Set([...o.sizes, ...o.ansibleSizes])].sort((a, b) => a - b);
  const sizes: Size[] = [];
  for (const n of all) sizes.push(await oneSize(work, n, o));
  const own = (r: Run) => r.m.own ?? { cpuMs: NaN, peakRssMb: NaN };
  const body = sizes.map((z) => [
    String(z.hosts),
    `${s2(z.first.m.wallMs)} / ${s2(z.rerun.m.wallMs)}`,
    `${perHostTask(own(z.first).cpuMs, z.hosts)} / ${perHostTask(own(z.rerun).cpuMs, z.hosts)}`,
    `${own(z.first).peakRssMb.toFixed(0)} / ${own(z.rerun).peakRssMb.toFixed(0)} MB`,
    `${perHostTask(z.first.labCpuMs, z.hosts)} / ${perHostTask(z.rerun.labCpuMs, z.hosts)}`,
    `${s2(z.labUpMs)}, ${(z.labPssMb / z.hosts).toFixed(1)} MB/host`,
    z.ansible ? `${s2(z.ansible.m.wallMs)} (${(z.ansible.m.wallMs / z.first.m.wallMs).toFixed(0)}x)` : '-',
    [
      [z.first, z.rerun, z.ansible].some((r) => r && !r.ok) ? 'FAILED' : '',
      z.runs > 1 ? `median of ${z.runs}` : '',
    ]
      .filter(Boolean)
      .join(', '),
  ]);
  const table = grid(
    [
      'hosts',
      'fabplay wall (first / re-run)',
      'own CPU per host-task',
      'peak RSS (first / re-run)',
      'lab CPU per host-task',
      'lab up, lab memory',
      'ansible-playbook first run',
      'note',
    ],
    body,
  );
  const targets: Verdict[] = [];
  const big = sizes.filter((z) => o.sizes.includes(z.hosts)).at(-1);
  const base = sizes.find((z) => z.hosts === 100);
  if (big) {
    const ok = big.first.ok && big.rerun.ok;
    for (const [what, r] of [
      ['first run', big.first],
      ['re-run', big.rerun],
    ] as const) {
      const per = own(r).cpuMs / big.hosts / SCALE_TASKS;
      targets.push({
        target: `(s) ${big.hosts} hosts x ${SCALE_TASKS} tasks, ${what}: fabplay's own CPU <= 0.5 ms per host-task`,
        measured: `${per.toFixed(2)} ms`,
        met: ok && per <= 0.5,
      });
      if (base && base !== big) {
        const growth = r.m.wallMs / (what === 'first run' ? base.first : base.rerun).m.wallMs;
        const linear = big.hosts / base.hosts;
        targets.push({
          target: `(s) ${what} wall time from 100 to ${big.hosts} hosts grows at most ${linear}x (linear)`,
          measured: `${growth.toFixed(1)}x`,
          met: ok && growth <= linear,
        });
      }
    }
    const peak = Math.max(own(big.first).peakRssMb, own(big.rerun).peakRssMb);
    targets.push(
      {
        target: `(s) ${big.hosts} hosts: fabplay's peak RSS under 300 MB`,
        measured: `${peak.toFixed(0)} MB`,
        met: ok && peak < 300,
      },
      {
        target: `(s) no host fails, at every size`,
        measured: sizes.every((z) => z.first.ok && z.rerun.ok) ? 'none failed' : 'see FAILED rows',
        met: sizes.every((z) => z.first.ok && z.rerun.ok),
      },
    );
  }
  const lines = [
    `(s): ${SCALE_TASKS} tasks, forks ${o.forks}; CPU and RSS are fabplay's process alone (bench/own-usage.mjs); ` +
      `lab CPU is that of the lab's processes (sshd, sessions, relay) during the run; lab memory is their PSS; ` +
      `a median of 3 is of first runs each on a fresh directory and their re-runs, peak RSS the largest of them.`,
  ];
  return { table, lines, targets };
}
