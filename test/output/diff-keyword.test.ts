import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

/**
 * A task's own `diff:` keyword decides whether its diff is shown, over the run's --diff, with
 * Ansible's headers ("before: PATH", "after: PATH") and difflib's hunk ranges (a one-line range
 * is its line number alone): compared with ansible-playbook 2.14's output on the same tasks.
 */
describe("a task's diff keyword and the diff's look", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-diff-kw-'));
    writeFileSync(join(dir, 'hosts'), 'localhost ansible_connection=local\n');
    writeFileSync(join(dir, 'old.txt'), 'a\nb\nc\n');
    writeFileSync(
      join(dir, 'p.yml'),
      [
        '- hosts: localhost',
        '  gather_facts: false',
        '  tasks:',
        `    - copy: { content: "one\\n", dest: "${dir}/new.txt" }`,
        '      diff: true',
        `    - copy: { content: "a\\nB\\nc\\nd\\n", dest: "${dir}/old.txt" }`,
        '      diff: true',
        `    - copy: { content: "hidden\\n", dest: "${dir}/quiet.txt" }`,
        '      diff: false',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the diffs its tasks ask for without --diff, and hides the one that says no with it', async () => {
    for (const extra of [[], ['--diff']]) {
      const r = await runCli(['run', 'p.yml', '-i', 'hosts', ...extra], { cwd: dir, env: { NO_COLOR: '1' } });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.ok(r.stdout.includes(`--- before\n+++ after: ${dir}/new.txt\n@@ -0,0 +1 @@\n+one\n`), r.stdout);
      assert.ok(
        r.stdout.includes(
          `--- before: ${dir}/old.txt\n+++ after: ${dir}/old.txt\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n`,
        ),
        r.stdout,
      );
      assert.doesNotMatch(r.stdout, /hidden|quiet\.txt/);
      rmSync(join(dir, 'new.txt'));
      rmSync(join(dir, 'quiet.txt'));
      writeFileSync(join(dir, 'old.txt'), 'a\nb\nc\n');
    }
  });
});
