import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timed, type Measured } from './measure.js';
import { check } from './steps.js';
import { FABPLAY_BIN } from './tools.js';
import type { Verdict } from './report.js';

/**
 * Start-up (issue 24): a one-task local playbook (no facts, a debug task) run by the fabplay
 * command, beside `node -e 0` (Node's own start, the floor) and ansible-playbook on the same
 * playbook. The command starts Node without NODE_EXTRA_CA_CERTS (bin/fabplay.js), so the floor
 * is `node -e 0` started the same way; `node -e 0` as the shell runs it is shown beside.
 * The three run in turn, `rounds` times; each figure is the fastest of its runs (the machine is
 * shared: the fastest run is the one least disturbed). The targets are judged on CPU time
 * (user+sys of the command and its children, from bash's `times`, to the millisecond), which
 * waiting for a core on a loaded machine does not inflate; the wall times are shown beside.
 */

export const ONE_TASK_PLAYBOOK = [
  '- hosts: localhost',
  '  gather_facts: false',
  '  tasks:',
  '    - name: one task',
  '      debug:',
  '        msg: hello',
  '',
].join('\n');

/** The fastest of the runs by `figure`; undefined when one failed (its output is told). */
function fastest(what: string, runs: Timed[], figure: (r: Timed) => number): number | undefined {
  for (const r of runs) if (!check(what, r)) return undefined;
  return Math.min(...runs.map(figure));
}

type Timed = Measured & { cpuMs: number };
const wall = (r: Timed): number => r.wallMs;
const cpu = (r: Timed): number => r.cpuMs;

export async function startFigures(
  work: string,
  rounds = 10,
): Promise<{ lines: string[]; targets: Verdict[] }> {
  const pb = join(work, 'one-task.yml');
  const inv = join(work, 'one-task.ini');
  writeFileSync(pb, ONE_TASK_PLAYBOOK);
  writeFileSync(inv, 'localhost ansible_connection=local\n');
  const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False' };
  const bare: Timed[] = [];
  const shell: Timed[] = [];
  const fab: Timed[] = [];
  const ans: Timed[] = [];
  const caFile = process.env.NODE_EXTRA_CA_CERTS;
  const noCaFile = { ...process.env };
  delete noCaFile.NODE_EXTRA_CA_CERTS;
  for (let i = 0; i < rounds; i++) {
    bare.push(await timed([process.execPath, '-e', '0'], noCaFile));
    if (caFile) shell.push(await timed([process.execPath, '-e', '0']));
    fab.push(await timed([FABPLAY_BIN, 'run', pb, '-i', inv]));
    // ansible-playbook takes about a second: half as many of its runs
    if (i % 2 === 0) ans.push(await timed(['ansible-playbook', pb, '-i', inv], env));
  }
  const n = fastest('node -e 0', bare, cpu);
  const sh = caFile ? fastest('node -e 0 with NODE_EXTRA_CA_CERTS', shell, cpu) : undefined;
  const f = fastest('fabplay (one task)', fab, cpu);
  const a = fastest('ansible-playbook (one task)', ans, cpu);
  const ms = (v: number | undefined): string => (v === undefined ? 'failed' : `${v.toFixed(0)} ms`);
  const both = (runs: Timed[], c: number | undefined): string =>
    `${ms(c)} CPU (${ms(Math.min(...runs.map(wall)))} wall)`;
  const vsNode = n && f ? f / n : NaN;
  const vsAnsible = a && f ? f / a : NaN;
  return {
    lines: [
      `one-task local playbook, fastest of ${rounds}: fabplay ${both(fab, f)}, node -e 0 ${both(bare, n)}, ` +
        `ansible-playbook ${both(ans, a)} (fastest of ${ans.length}; CPU with its children)`,
      ...(caFile
        ? [
            `NODE_EXTRA_CA_CERTS is set here (${caFile}): node -e 0 as the shell runs it took ${both(shell, sh)}, ` +
              `fabplay ${sh && f ? (f / sh).toFixed(2) : 'NaN'}x that; the fabplay command starts Node without it, ` +
              `and the target compares with node -e 0 started so`,
          ]
        : []),
    ],
    targets: [
      {
        target: 'one-task local playbook at most 2.5x node -e 0 (CPU)',
        measured: `${vsNode.toFixed(2)}x`,
        met: vsNode <= 2.5,
      },
      {
        target: 'one-task local playbook at most 0.3x ansible-playbook (CPU)',
        measured: `${vsAnsible.toFixed(2)}x`,
        met: vsAnsible <= 0.3,
      },
    ],
  };
}
