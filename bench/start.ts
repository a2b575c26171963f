import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measure, type Measured } from './measure.js';
import { check } from './steps.js';
import type { Verdict } from './report.js';

/**
 * Start-up (issue 24): a one-task local playbook (no facts, a debug task) run by the built CLI,
 * beside `node -e 0` (Node's own start, the floor) and ansible-playbook on the same playbook.
 * The three run in turn, `rounds` times; each figure is the fastest of its runs (the machine is
 * shared: the fastest run is the one least disturbed).
 */

const repo = resolve(import.meta.dirname, '..');

export const ONE_TASK_PLAYBOOK = [
  '- hosts: localhost',
  '  gather_facts: false',
  '  tasks:',
  '    - name: one task',
  '      debug:',
  '        msg: hello',
  '',
].join('\n');

/** The fastest of the runs; undefined when one failed (its output is told). */
function fastest(what: string, runs: Measured[]): number | undefined {
  for (const r of runs) if (!check(what, r)) return undefined;
  return Math.min(...runs.map((r) => r.wallMs));
}

export async function startFigures(
  work: string,
  rounds = 10,
): Promise<{ lines: string[]; targets: Verdict[] }> {
  const pb = join(work, 'one-task.yml');
  const inv = join(work, 'one-task.ini');
  writeFileSync(pb, ONE_TASK_PLAYBOOK);
  writeFileSync(inv, 'localhost ansible_connection=local\n');
  const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False' };
  const node: Measured[] = [];
  const fab: Measured[] = [];
  const ans: Measured[] = [];
  for (let i = 0; i < rounds; i++) {
    node.push(await measure([process.execPath, '-e', '0']));
    fab.push(await measure([process.execPath, join(repo, 'bin/fabplay.js'), 'run', pb, '-i', inv]));
    // ansible-playbook takes about a second: half as many of its runs
    if (i % 2 === 0) ans.push(await measure(['ansible-playbook', pb, '-i', inv], { env }));
  }
  const n = fastest('node -e 0', node);
  const f = fastest('fabplay (one task)', fab);
  const a = fastest('ansible-playbook (one task)', ans);
  const ms = (v: number | undefined): string => (v === undefined ? 'failed' : `${v.toFixed(0)} ms`);
  const vsNode = n && f ? f / n : NaN;
  const vsAnsible = a && f ? f / a : NaN;
  return {
    lines: [
      `one-task local playbook, fastest of ${rounds}: fabplay ${ms(f)}, node -e 0 ${ms(n)}, ` +
        `ansible-playbook ${ms(a)} (fastest of ${ans.length})`,
    ],
    targets: [
      {
        target: 'one-task local playbook at most 2.5x node -e 0',
        measured: `${vsNode.toFixed(2)}x`,
        met: vsNode <= 2.5,
      },
      {
        target: 'one-task local playbook at most 0.3x ansible-playbook',
        measured: `${vsAnsible.toFixed(2)}x`,
        met: vsAnsible <= 0.3,
      },
    ],
  };
}
