import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

/**
 * --diff shows a result's diff when its `changed` is true as Python reads it: a module of the
 * user's own that says `"changed": "yes"` shows its diff, one that says `[]` does not (compared
 * with ansible-playbook 2.14's output on the same module; fixture 391 checks status and recap).
 */
describe('the diff of a result whose changed is no boolean', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-diff-changed-'));
    mkdirSync(join(dir, 'library'));
    writeFileSync(
      join(dir, 'library', 'says_changed.sh'),
      '#!/bin/sh\n. "$1"\ncat <<JSON\n{"changed": $said, "diff": {"before": "$n\\n", "after": "b\\n"}}\nJSON\n',
      { mode: 0o755 },
    );
    writeFileSync(join(dir, 'hosts'), 'localhost ansible_connection=local\n');
    writeFileSync(
      join(dir, 'p.yml'),
      [
        '- hosts: localhost',
        '  gather_facts: false',
        '  tasks:',
        '    - says_changed: { said: \'"yes"\', n: "yes" }',
        '    - says_changed: { said: "[]", n: "empty" }',
        '    - says_changed: { said: "{{ item }}", n: "{{ item }}" }',
        '      loop: ["7", "0"]',
        '',
      ].join('\n'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is shown for a truthy value, item by item too, and not for a falsy one', async () => {
    const r = await runCli(['run', 'p.yml', '-i', 'hosts', '--diff'], { cwd: dir, env: { NO_COLOR: '1' } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(
      r.stdout.includes('--- before\n+++ after\n@@ -1 +1 @@\n-yes\n+b\n\nchanged: [localhost]\n'),
      r.stdout,
    );
    assert.ok(r.stdout.includes('@@ -1 +1 @@\n-7\n+b\n\nchanged: [localhost] => (item=7)\n'), r.stdout);
    assert.doesNotMatch(r.stdout, /^-(empty|0)$/m);
    assert.match(r.stdout, /^ok: \[localhost\]$/m);
    assert.match(r.stdout, /^ok: \[localhost\] => \(item=0\)$/m);
  });
});
