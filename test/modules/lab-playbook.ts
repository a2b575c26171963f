import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import type { TestLab } from '../helpers/lab.js';

/** One `host_result` line of `fabplay run --json`. */
export interface HostResult {
  event: string;
  task?: string;
  status?: string;
  result?: Record<string, unknown> & { msg?: string; diff?: unknown };
}

/**
 * Playbooks run by the CLI (`--json`) against host h1 of a lab, and a snapshot of h1's overlay
 * upper layer to prove that check mode wrote nothing. Call it in a describe, after useLab(): it
 * registers an after() hook that removes its playbook directory.
 */
export function labPlaybooks(lab: TestLab, prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
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
