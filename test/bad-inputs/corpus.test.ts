import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';
import { parseYaml } from '../../src/yaml/load.js';

/**
 * The bad-input corpus: one folder per mistake a user can make, with the files it needs and a
 * case.yml giving argv, the expected exit code and a regex the error output must match.
 * Every case must also be free of stack traces. Cases run through the CLI's main() in this
 * process (a tsx start per case costs seconds on a busy machine); a few also run as a real process.
 */

interface Case {
  name: string;
  dir: string;
  description: string;
  argv: string[];
  exit: number;
  stderr: string;
  /** a regex the standard output must not match (`TASK \\[`: the run stopped before any task) */
  stdout_not?: string;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

// the cases live under test/fixtures (prettier and eslint leave broken inputs alone there)
const root = fileURLToPath(new URL('../fixtures/playbooks/bad-inputs/', import.meta.url));
const cases: Case[] = readdirSync(root)
  .filter((d) => statSync(join(root, d)).isDirectory())
  .sort()
  .map((d) => {
    const c = parseYaml(readFileSync(join(root, d, 'case.yml'), 'utf8'), 'case.yml') as Omit<
      Case,
      'name' | 'dir'
    >;
    return { ...c, name: d, dir: join(root, d) };
  });

/** Runs main() with cwd set to the case folder, collecting what it writes. */
async function runInProcess(c: Case): Promise<Outcome> {
  const cwd = process.cwd();
  const out = { stdout: '', stderr: '' };
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  // write(text, callback): a run that ends with a failed task waits for the callback
  const collect =
    (into: 'stdout' | 'stderr') =>
    (s: string | Uint8Array, ...rest: unknown[]): boolean => {
      out[into] += String(s);
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (done) queueMicrotask(done);
      return true;
    };
  process.stdout.write = collect('stdout') as typeof process.stdout.write;
  process.stderr.write = collect('stderr') as typeof process.stderr.write;
  // a run ending with process.exit (a task failed) would end mocha: here main() reports it as an error
  const origExit = process.exit.bind(process);
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${code}) in the middle of main()`);
  }) as typeof process.exit;
  try {
    process.chdir(c.dir);
    const code = await main(['node', 'fabplay', ...c.argv]);
    return { code, ...out };
  } finally {
    process.exit = origExit;
    process.stdout.write = origOut;
    process.stderr.write = origErr;
    process.chdir(cwd);
  }
}

function checkOutcome(c: Case, r: Outcome): void {
  const shown = `exit ${r.code}\n--- stderr\n${r.stderr}--- stdout\n${r.stdout}`;
  assert.equal(r.code, c.exit, shown);
  assert.match(r.stderr, new RegExp(c.stderr), shown);
  if (c.stdout_not !== undefined) assert.doesNotMatch(r.stdout, new RegExp(c.stdout_not), shown);
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at .+:\d+:\d+\)?\n/, `stack trace printed:\n${shown}`);
  assert.doesNotMatch(r.stderr, /internal error/, shown);
}

describe('bad-input corpus: each mistake gives one clear message and the right exit code', () => {
  it('has at least 130 cases', () => {
    assert.ok(cases.length >= 130, `only ${cases.length} cases`);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.description}`, async () => {
      checkOutcome(c, await runInProcess(c));
    });
  }

  describe('as a real process (exit status of fabplay itself)', function () {
    this.timeout(60_000);
    for (const name of ['task-unknown-module', 'extra-vars-json-list', 'flag-unknown', 'yaml-tab-indent']) {
      it(name, async () => {
        const c = cases.find((x) => x.name === name)!;
        checkOutcome(c, await runCli(c.argv, { cwd: c.dir }));
      });
    }
  });
});
