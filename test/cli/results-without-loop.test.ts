import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

// Modules of the user's own (old-style shell modules in the playbook's library/) whose result
// holds a `results` list, in tasks that do not loop: Ansible's default callback shows them as any
// result (`ok:`, `changed:`, `fatal: ... => {...}`), and a looped task's through its items only.
// The playbook runs under ansible-playbook 2.14 (Debian's package) and fabplay: the same output.
const MODULES: Record<string, string> = {
  gives_results: '{"changed": false, "results": ["a", "b"], "msg": "done"}',
  gives_results_changed: '{"changed": true, "results": [{"x": 1}]}',
  gives_results_failed: '{"failed": true, "results": [{"y": 1}], "msg": "boom"}',
};

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  tasks:
    - gives_results: {}
    - gives_results_changed: {}
    - gives_results_failed: {}
      ignore_errors: true
    - name: a loop shows its items, not the whole result
      gives_results: {}
      loop: [1]
    - debug:
        msg: "{{ {'results': [1, 2]} }}"
`;

describe('cli: a task that does not loop, whose result holds `results`, as ansible-playbook shows it', () => {
  const dir = tempDirUntilExit('fabplay-results');
  mkdirSync(join(dir, 'library'));
  for (const [name, json] of Object.entries(MODULES)) {
    writeFileSync(join(dir, 'library', name), `#!/bin/sh\necho '${json}'\n`);
    chmodSync(join(dir, 'library', name), 0o755);
  }
  writeFileSync(join(dir, 'site.yml'), PLAYBOOK);
  writeFileSync(join(dir, 'hosts.ini'), 'h1 ansible_connection=local\n');
  const env = {
    ANSIBLE_NOCOLOR: '1',
    NO_COLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    ANSIBLE_CONFIG: '',
  };

  for (const verbose of [[], ['-v']])
    it(`gets its host line ${verbose.length ? 'with its result at -v' : 'by default'}`, async function () {
      this.timeout(90000);
      const args = ['site.yml', '-i', 'hosts.ini', ...verbose];
      const ours = await runCli(['run', ...args], { cwd: dir, env });
      const theirs = spawnSync('ansible-playbook', args, {
        cwd: dir,
        env: { ...process.env, ...env, PYTHONUNBUFFERED: '' },
        encoding: 'utf8',
      });
      assert.equal(theirs.status, 0, theirs.stderr);
      assert.match(theirs.stdout, /TASK \[gives_results\] \*+\nok: \[h1\]/);
      assert.match(theirs.stdout, /fatal: \[h1\]: FAILED! => .*"boom"/);
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stderr, theirs.stderr);
      assert.equal(ours.stdout, theirs.stdout);
    });
});
