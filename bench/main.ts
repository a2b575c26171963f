/**
 * `npm run bench`: fabplay against ansible-playbook on the same lab hosts, in the same run, plus the
 * floor (one shell script over one SSH connection), and the preflight of site.yml (p, no lab).
 * Prints a table and the targets met or missed. Needs root (it starts a lab).
 * Options: --only o,p,a,b,c,d,s   --hosts-c N (default 50)
 * (o) is the start of a one-task local playbook beside `node -e 0` and ansible-playbook (no lab).
 *   --scale-hosts 10,100,200,500,1000 (or FABPLAY_BENCH_SCALE_HOSTS; e.g. 10,100 for a quick run)
 *   --scale-ansible 10,50 (the sizes where ansible-playbook runs (s) too; "" for none).
 * (a) also runs ansible-playbook under Mitogen (bench/mitogen.ts; FABPLAY_BENCH_MITOGEN).
 * (d) is the rollout of bench/rollout.ts: site.yml in batches and without, on 4 segments.
 * (s) is the scale run of bench/scale.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LabState } from '../src/lab/index.js';
import { keptConnectionsEnv, runAnsible, runFabplay, runFloor } from './tools.js';
import { warmRuns } from './warm.js';
import {
  smallItemsFloorScript,
  smallItemsPlaybook,
  SMALL_ITEMS_PER_HOST,
  twentyTaskPlaybook,
} from './workloads.js';
import { ratio, table, timesFaster, verdicts, type Row, type Verdict } from './report.js';
import { preparePxeLab } from '../scripts/lab-pxe.js';
import { transportFigures } from './transport.js';
import type { Measured } from './measure.js';
import { alternated, check, twice, wall, withLab, type Repeated, type Twice } from './steps.js';
import { rolloutWorkload } from './rollout.js';
import { reportVerdicts } from './report-figures.js';
import { preflightFigures } from './preflight.js';
import { startFigures } from './start.js';
import { setUpMitogen } from './mitogen.js';
import { scaleWorkload } from './scale.js';

const repo = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const only = new Set((valueOf('--only') ?? 'o,p,a,b,c,d,s').split(','));
const hostsC = Number(valueOf('--hosts-c') ?? 50);
const sizes = (v: string) => v.split(',').filter(Boolean).map(Number);
const scaleHosts = sizes(
  valueOf('--scale-hosts') ?? process.env.FABPLAY_BENCH_SCALE_HOSTS ?? '10,100,200,500,1000',
);
const scaleAnsible = sizes(valueOf('--scale-ansible') ?? '10,50');
const work = mkdtempSync(join(tmpdir(), 'fabplay-bench-'));
const rows: Row[] = [];
/** (a): fabplay's re-run and the floor, each run this many times (alternated) for the ratio */
const REPEATS_A = 7;
const targets: Verdict[] = [];
const transport: string[] = [];
const tables: string[] = [];

function valueOf(flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The speed targets against ansible-playbook: re-run at least 30x faster, first run 10x. */
function versusAnsible(what: string, f: Twice, a: Twice): Verdict[] {
  const rr = ratio(a.rerun.wallMs, f.rerun.wallMs);
  const fr = ratio(a.first.wallMs, f.first.wallMs);
  return [
    {
      target: `${what} re-run >= 30x faster than ansible-playbook`,
      measured: `${rr.toFixed(1)}x`,
      met: f.ok && a.ok && rr >= 30,
    },
    {
      target: `${what} first run >= 10x faster than ansible-playbook`,
      measured: `${fr.toFixed(1)}x`,
      met: f.ok && a.ok && fr >= 10,
    },
  ];
}

async function workloadA(s: LabState): Promise<void> {
  const t = await transportFigures(s);
  transport.push(
    `one command on a lab host: ${t.warmShellMs.toFixed(2)} ms in the warm shell, ` +
      `${t.execChannelMs.toFixed(1)} ms on a new exec channel (${(t.execChannelMs / t.warmShellMs).toFixed(0)}x)`,
  );
  const hosts = s.hosts.length;
  const items = SMALL_ITEMS_PER_HOST;
  const pbF = join(work, 'a-fabplay.yml');
  const pbA = join(work, 'a-ansible.yml');
  writeFileSync(pbF, smallItemsPlaybook('/srv/bench-a-fabplay'));
  writeFileSync(pbA, smallItemsPlaybook('/srv/bench-a-ansible'));
  const f = await twice(() => runFabplay(pbF, s.inventoryFile, ['--forks', String(hosts)]), 'fabplay (a)');
  // the same with ansible-playbook's ssh_args (ControlPersist): its own directory on the hosts
  const pbK = join(work, 'a-fabplay-kept.yml');
  writeFileSync(pbK, smallItemsPlaybook('/srv/bench-a-fabplay-kept'));
  const keptEnv = keptConnectionsEnv();
  const runKept = () => runFabplay(pbK, s.inventoryFile, ['--forks', String(hosts)], keptEnv);
  const k = await twice(runKept, 'fabplay with ControlPersist (a)');
  // and as warm runs (FABPLAY_WARM_RUNS=1): the first run starts the warm process, later ones are its
  const pbW = join(work, 'a-fabplay-warm.yml');
  writeFileSync(pbW, smallItemsPlaybook('/srv/bench-a-fabplay-warm'));
  const warm = warmRuns(keptConnectionsEnv());
  const runWarm = () => runFabplay(pbW, s.inventoryFile, ['--forks', String(hosts)], warm.env);
  const wFirst = await runWarm();
  await warm.ready();
  const wRerun = await runWarm();
  const w = {
    first: wFirst,
    rerun: wRerun,
    ok: check('fabplay warm (a) first run', wFirst) && check('fabplay warm (a) re-run', wRerun),
  };
  const a = await twice(() => runAnsible(pbA, s.inventoryFile, hosts), 'ansible (a)');
  const mitogen = await setUpMitogen(work);
  let mg: Twice | undefined;
  if ('skipped' in mitogen) transport.push(mitogen.skipped);
  else {
    transport.push(`(a) ansible-playbook + Mitogen: ${mitogen.note}, strategy mitogen_linear`);
    const pbM = join(work, 'a-mitogen.yml');
    writeFileSync(pbM, smallItemsPlaybook('/srv/bench-a-mitogen'));
    mg = await twice(() => runAnsible(pbM, s.inventoryFile, hosts, [], mitogen.strategyDir), 'mitogen (a)');
  }
  // one re-run against one floor swung by 1.5x from run to run on a loaded machine: both are
  // run REPEATS_A times, alternated, and compared by their medians
  const script = smallItemsFloorScript('/srv/bench-a-fabplay');
  const ssh = { keyFile: s.keyFile, knownHosts: s.knownHostsFile, proxyCommand: s.proxyCommand };
  const [rerunsF, floor, rerunsK, rerunsW] = await alternated(
    [
      () => runFabplay(pbF, s.inventoryFile, ['--forks', String(hosts)]),
      () => runFloor(s.hosts, script, ssh),
      runKept,
      runWarm,
    ],
    REPEATS_A,
  );
  const warmRssMb = warm.peakRssMb();
  warm.stop();
  const pair = { a: rerunsF!, b: floor! };
  const floorOk = !pair.b.failed || check('floor (a)', pair.b.failed);
  const rerunsOk = !pair.a.failed || check('fabplay (a) re-run', pair.a.failed);
  const keptOk =
    k.ok && (!rerunsK!.failed || check('fabplay with ControlPersist (a) re-run', rerunsK!.failed));
  const warmOk = w.ok && (!rerunsW!.failed || check('fabplay warm (a) re-run', rerunsW!.failed));
  const seconds = (r: Repeated) => r.allMs.map((ms) => (ms / 1000).toFixed(2)).join(' ');
  transport.push(
    `(a) re-runs and floor, ${REPEATS_A} of each alternated: fabplay ${seconds(pair.a)} s, floor ${seconds(pair.b)} s, ` +
      `fabplay with ControlPersist ${seconds(rerunsK!)} s, warm runs ${seconds(rerunsW!)} s`,
  );
  rows.push(
    {
      workload: 'a',
      tool: 'fabplay',
      firstMs: f.first.wallMs,
      rerunMs: f.rerun.wallMs,
      items,
      hosts,
      peakRssMb: f.rerun.peakRssMb,
      ok: f.ok,
      vsAnsible: timesFaster(wall(f), wall(a)),
      note: `re-run median of ${REPEATS_A}: ${(pair.a.medianMs / 1000).toFixed(2)} s`,
    },
    {
      workload: 'a',
      tool: 'fabplay, ControlPersist=60s',
      firstMs: k.first.wallMs,
      rerunMs: rerunsK!.medianMs,
      items,
      hosts,
      peakRssMb: k.rerun.peakRssMb,
      ok: keptOk,
      note: `re-run median of ${REPEATS_A}; ssh_args as ansible's`,
    },
    {
      workload: 'a',
      tool: 'fabplay, ControlPersist=60s, warm runs',
      firstMs: w.first.wallMs,
      rerunMs: rerunsW!.medianMs,
      items,
      hosts,
      peakRssMb: warmRssMb,
      ok: warmOk,
      note: `re-run median of ${REPEATS_A}; FABPLAY_WARM_RUNS=1, peak RSS the warm process's`,
    },
    {
      workload: 'a',
      tool: 'ansible-playbook',
      firstMs: a.first.wallMs,
      rerunMs: a.rerun.wallMs,
      items,
      hosts,
      peakRssMb: a.rerun.peakRssMb,
      ok: a.ok,
    },
    ...(mg
      ? [
          {
            workload: 'a',
            tool: 'ansible-playbook + Mitogen',
            firstMs: mg.first.wallMs,
            rerunMs: mg.rerun.wallMs,
            items,
            hosts,
            peakRssMb: mg.rerun.peakRssMb,
            ok: mg.ok,
            note: `fabplay ${timesFaster(wall(f), wall(mg))} faster`,
          },
        ]
      : []),
    {
      workload: 'a',
      tool: 'floor (1 script, 1 ssh)',
      rerunMs: pair.b.medianMs,
      items,
      hosts,
      ok: floorOk,
      note: `median of ${REPEATS_A}`,
    },
  );
  const fl = ratio(pair.a.medianMs, pair.b.medianMs);
  targets.push(...versusAnsible('(a)', f, a), {
    target: '(a) re-run at most 1.5x the one-script floor',
    measured: `${fl.toFixed(2)}x the floor (medians of ${REPEATS_A} each)`,
    met: f.ok && rerunsOk && floorOk && fl <= 1.5,
  });
  // with the ssh_args every ansible-playbook run here has: connections kept between runs
  const mw = mg ? ratio(mg.rerun.wallMs, rerunsW!.medianMs) : NaN;
  const mr = mg ? ratio(mg.rerun.wallMs, rerunsK!.medianMs) : NaN;
  const plain = mg ? ratio(mg.rerun.wallMs, pair.a.medianMs) : NaN;
  targets.push({
    target: '(a) re-run >= 25x faster than ansible-playbook with Mitogen',
    measured: mg
      ? `${mw.toFixed(1)}x as warm runs over ansible's ssh_args (ControlPersist), ${mr.toFixed(1)}x with those ssh_args alone, ${plain.toFixed(1)}x without (medians of ${REPEATS_A})`
      : 'Mitogen not run',
    met: !!mg && warmOk && mg.ok && mw >= 25,
  });
}

/** site.yml on fresh PXE servers for each tool: a lab of its own each, so both first runs start from nothing. */
async function siteRuns(tool: string, run: (site: string, inv: string, hosts: number) => Promise<Measured>) {
  return withLab(`benchb${tool[0]}`, 3, 3, async (s) => {
    const inv = await preparePxeLab(s, mkdtempSync(join(work, `b-${tool}-`)));
    return twice(() => run(join(repo, 'playbooks/site.yml'), inv, s.hosts.length), `${tool} (b)`);
  });
}

async function workloadB(): Promise<void> {
  const f = await siteRuns('fabplay', (site, inv, n) => runFabplay(site, inv, ['--forks', String(n)]));
  const a = await siteRuns('ansible', (site, inv, n) => runAnsible(site, inv, n));
  for (const [tool, r] of [
    ['fabplay', f],
    ['ansible-playbook', a],
  ] as const)
    rows.push({
      workload: 'b site.yml',
      tool,
      firstMs: r.first.wallMs,
      rerunMs: r.rerun.wallMs,
      hosts: 3,
      peakRssMb: r.rerun.peakRssMb,
      ok: r.ok,
      vsAnsible: tool === 'fabplay' ? timesFaster(wall(f), wall(a)) : undefined,
    });
  targets.push(...versusAnsible('(b) site.yml', f, a));
}

async function workloadC(s: LabState): Promise<void> {
  const hosts = s.hosts.length;
  const pbF = join(work, 'c-fabplay.yml');
  const pbA = join(work, 'c-ansible.yml');
  writeFileSync(pbF, twentyTaskPlaybook('/srv/bench-c-fabplay'));
  writeFileSync(pbA, twentyTaskPlaybook('/srv/bench-c-ansible'));
  // each run writes its report: the first one's (every host changes every file) is measured
  let run = 0;
  const f = await twice(
    () =>
      runFabplay(pbF, s.inventoryFile, [
        '--forks',
        String(hosts),
        '--report',
        join(work, `c-report-${++run}.html`),
      ]),
    'fabplay (c)',
  );
  const a = await runAnsible(pbA, s.inventoryFile, hosts);
  const aOk = check('ansible (c)', a);
  // the first run writes every file: its peak counts as much as the re-run's
  const peak = Math.max(f.first.peakRssMb, f.rerun.peakRssMb);
  rows.push(
    {
      workload: `c ${hosts} hosts`,
      tool: 'fabplay',
      firstMs: f.first.wallMs,
      rerunMs: f.rerun.wallMs,
      items: 20,
      hosts,
      peakRssMb: peak,
      ok: f.ok,
      vsAnsible: timesFaster(wall(f), { firstMs: a.wallMs }),
    },
    {
      workload: `c ${hosts} hosts`,
      tool: 'ansible-playbook',
      firstMs: a.wallMs,
      items: 20,
      hosts,
      peakRssMb: a.peakRssMb,
      ok: aOk,
    },
  );
  targets.push(
    {
      target: `(c) 20 tasks on ${hosts} hosts under 10 s, first run`,
      measured: `${(f.first.wallMs / 1000).toFixed(2)} s`,
      met: f.ok && f.first.wallMs < 10000,
    },
    {
      target: `(c) 20 tasks on ${hosts} hosts under 10 s, re-run`,
      measured: `${(f.rerun.wallMs / 1000).toFixed(2)} s`,
      met: f.ok && f.rerun.wallMs < 10000,
    },
    ...(f.first.code === 0
      ? reportVerdicts(join(work, 'c-report-1.html'), `(c) ${hosts} hosts x 20 tasks`)
      : []),
    {
      target: '(c) controller peak RSS under 300 MB',
      measured: `${peak.toFixed(0)} MB`,
      met: f.ok && peak < 300,
    },
  );
}

async function main(): Promise<void> {
  if (only.has('o')) {
    const s = await startFigures(work);
    transport.push(...s.lines);
    targets.push(...s.targets);
  }
  if (only.has('p')) {
    const p = await preflightFigures(repo);
    transport.push(...p.lines);
    targets.push(...p.targets);
  }
  if (only.has('a')) await withLab('bench', 3, 0, workloadA);
  if (only.has('b')) await workloadB();
  if (only.has('c')) await withLab('benchc', hostsC, 0, workloadC);
  if (only.has('d')) rows.push(...(await rolloutWorkload(work)));
  if (only.has('s')) {
    const sc = await scaleWorkload(work, {
      sizes: scaleHosts,
      ansibleSizes: scaleAnsible,
      forks: 50,
      // the two sizes the linear-growth verdict divides, each the median of three
      repeatAt: [100, Math.max(...scaleHosts)],
    });
    tables.push(sc.table);
    transport.push(...sc.lines);
    targets.push(...sc.targets);
  }
  const out = [
    `fabplay benchmark, ${new Date().toISOString()}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
    '',
    ...(rows.length ? [table(rows), ''] : []),
    ...tables.flatMap((t) => [t, '']),
    ...transport,
    '',
    verdicts(targets),
    '',
  ].join('\n');
  process.stdout.write(out);
  mkdirSync(join(repo, 'bench-results'), { recursive: true });
  writeFileSync(join(repo, 'bench-results', `bench-${Date.now()}.txt`), out);
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
