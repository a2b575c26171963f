import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import type { TestLab } from '../helpers/lab.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/** One `host_result` line of `fabplay run --json`. */
export interface HostResult {
  event: string;
  task?: string;
  status?: string;
  result?: Record<string, unknown> & { msg?: string; diff?: unknown };
}

/**
 * Playbooks run by the CLI (`--json`) against host h1 of a lab, and a snapshot of h1's overlay
 * upper layer to prove that check mode wrote nothing. Call it in a describe, after useLab(); its
 * playbook directory is removed when the test process exits.
 */
export function labPlaybooks(lab: TestLab, prefix: string) {
  const dir = tempDirUntilExit(prefix.replace(/-$/, ''));
  return {
    /** the controller directory that holds the playbooks (and anything a test puts beside them) */
    dir,
    /** writes a one-play playbook for h1 (no facts) with these task lines; returns its path */
    playbook(tasks: string, name: string): string {
      const p = join(dir, name);
      writeFileSync(p, `- hosts: h1\n  gather_facts: false\n  tasks:${tasks}`);
      return p;
    },
    /** runs a playbook; byTask maps each task name to its host result */
    async run(pb: string, ...extra: string[]): Promise<{ r: CliResult; byTask: Map<string, HostResult> }> {
      const r = await runCli(['run', pb, '-i', lab.inventory, '--json', ...extra]);
      const events = r.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as HostResult)
        .filter((e) => e.event === 'host_result');
      return { r, byTask: new Map(events.map((e) => [e.task ?? '', e])) };
    },
    /** paths, sizes and mtimes in h1's upper layer; sshd/login records change with any login */
    snapshot(): string {
      return execFileSync('find', [lab.upperDir('h1'), '-printf', '%P %s %T@\\n'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l && !/^(var\/log|var\/lib\/(wtmpdb|lastlog)|run|root\/\.ansible|tmp)/.test(l))
        .sort()
        .join('\n');
    },
  };
}

/**
 * Waits for ansible-playbook's async jobs on h1 to end: async_wrapper removes its directory in
 * /var/tmp after the run has read the job's result, which would otherwise land in fabplay's turn
 * (its check-mode snapshot saw the directory go). The bracket keeps pgrep from finding the shell
 * that runs it.
 */
async function asyncWrappersGone(lab: TestLab): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((await lab.exec('h1', "pgrep -f '[a]sync_wrapper[.]py'")).rc !== 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail("ansible-playbook's async jobs on h1 did not end within 30 s");
}

/** What may differ between ansible-playbook's and fabplay's plain output: timing, blank lines, async job ids. */
function normalisedOutput(out: string): string {
  return (
    out
      .split('\n')
      .filter((l) => l.trim() !== '' && !/^total time/.test(l))
      .map((l) => l.replace(/\*+$/, ''))
      // an async job's id is random
      .map((l) => l.replace(/jid=j\d+\.\d+/g, 'jid=J'))
      .join('\n')
  );
}

/** What a runner did to the host: its output in check mode, the run and a second run, the host's state after each. */
export interface SideBySideRun {
  check: string;
  run: string;
  again: string;
  /** the host's state after the run, and after check mode (equal to the seeded one) */
  state: string;
  stateAfterCheck: string;
}

type Runner = (flags: string[]) => Promise<{ code: number; stdout: string }>;

/**
 * One runner on h1, as both are compared: `seed` sets the host up, `state` prints what it holds;
 * check mode with --diff (it must leave the state as seeded), the run with --diff, a second run.
 * Each must succeed. `aroundCheck` runs before check mode; what it returns, after it.
 */
async function observeOnHost(
  lab: TestLab,
  runner: Runner,
  who: string,
  opts: { seed: string; state: string; aroundCheck?: () => () => void },
): Promise<SideBySideRun> {
  const seed = await lab.exec('h1', opts.seed);
  assert.equal(seed.rc, 0, seed.stderr);
  const seeded = (await lab.exec('h1', opts.state)).stdout;
  const afterCheck = opts.aroundCheck?.();
  const check = await runner(['--check', '--diff']);
  assert.equal(check.code, 0, `${who} --check: ${check.stdout}`);
  afterCheck?.();
  const stateAfterCheck = (await lab.exec('h1', opts.state)).stdout;
  assert.equal(stateAfterCheck, seeded, `${who}: check mode changed nothing`);
  const run = await runner(['--diff']);
  assert.equal(run.code, 0, `${who}: ${run.stdout}`);
  const state = (await lab.exec('h1', opts.state)).stdout;
  const again = await runner([]);
  assert.equal(again.code, 0, `${who} again: ${again.stdout}`);
  return { check: check.stdout, run: run.stdout, again: again.stdout, state, stateAfterCheck };
}

/** ansible-playbook and fabplay on a playbook in `dir`, as observeOnHost's runners. */
function runners(lab: TestLab, pb: string, dir: string): { ansible: Runner; fabplay: Runner } {
  return {
    ansible: async (flags) => {
      const r = ansiblePlaybook(['-i', lab.inventory, pb, ...flags], dir, {
        ANSIBLE_HOST_KEY_CHECKING: 'False',
      });
      return { code: r.status ?? -1, stdout: r.stdout };
    },
    fabplay: async (flags) => {
      const r = await runCli(['run', pb, '-i', lab.inventory, ...flags], { cwd: dir });
      return { code: r.code, stdout: r.stdout };
    },
  };
}

/**
 * The two tests of a side-by-side lab comparison, in the calling describe (after useLab): ansible-playbook
 * runs `playbook` on h1 (skipped without it), then fabplay, whose check mode must write nothing;
 * `own` asserts fabplay's own answers, then the host's state and the three outputs must equal
 * ansible-playbook's. `beside`: files written beside the playbook (`library/x`), by relative path.
 */
export function sideBySide(
  lab: TestLab,
  prefix: string,
  playbook: string,
  host: { seed: string; state: string },
  fabplayTitle: string,
  own: (fab: SideBySideRun) => void,
  beside: Record<string, string> = {},
): void {
  const pbs = labPlaybooks(lab, prefix);
  const pb = join(pbs.dir, 'site.yml');
  for (const [name, text] of Object.entries(beside)) {
    mkdirSync(dirname(join(pbs.dir, name)), { recursive: true });
    writeFileSync(join(pbs.dir, name), text);
  }
  let ansible: SideBySideRun | undefined;

  it('ansible-playbook 2.14 runs the playbook', async function () {
    if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
    writeFileSync(pb, playbook);
    ansible = await observeOnHost(lab, runners(lab, pb, pbs.dir).ansible, 'ansible', host);
    await asyncWrappersGone(lab);
  });

  it(fabplayTitle, async () => {
    writeFileSync(pb, playbook);
    const fab = await observeOnHost(lab, runners(lab, pb, pbs.dir).fabplay, 'fabplay', {
      ...host,
      aroundCheck: () => {
        const snap = pbs.snapshot();
        return () => assert.equal(pbs.snapshot(), snap, 'check mode wrote nothing to the host');
      },
    });
    own(fab);
    if (!ansible) return; // no ansible-playbook on this machine: fabplay's own answers above
    assert.equal(fab.state, ansible.state, 'the host after the run');
    assert.equal(normalisedOutput(fab.check), normalisedOutput(ansible.check), 'check mode with --diff');
    assert.equal(normalisedOutput(fab.run), normalisedOutput(ansible.run), 'the run with --diff');
    assert.equal(normalisedOutput(fab.again), normalisedOutput(ansible.again), 'the second run');
  });
}
