import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';

const playbook = `- hosts: all
  gather_facts: false
  tasks:
    - command: echo hi
    - debug: { msg: [1, { a: 2 }] }
    - debug: { var: inventory_hostname }
    - set_fact: { x: 1, _under: 2 }
    - debug: { var: _under }
    - command: "echo {{ item }}"
      loop: [a, b]
      changed_when: false
    - command: "false"
      ignore_errors: true
    - debug: { msg: skipped }
      when: false
    - assert: { that: x == 1 }
- hosts: all
  gather_subset: [min]
  tasks:
    - setup: { gather_subset: min }
`;

/**
 * What changes from run to run (times), fabplay's own last line, and what a failed command's msg
 * adds to Ansible's words on purpose (docs/module-proof.md).
 */
const steady = (out: string): string =>
  out
    .replace(/"(delta|end|start)": "[^"]*"/g, '"$1": "X"')
    .replace(/non-zero return code \(rc=\d+\) on [^"]*/g, 'non-zero return code')
    .replace(/\ntotal time: .*\n/, '\n')
    .trimEnd();

describe('-v output, as ansible-playbook prints it', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-verbose-'));
    writeFileSync(
      join(dir, 'hosts'),
      'h1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n',
    );
    writeFileSync(join(dir, 'site.yml'), playbook);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the config line, each result on one line, debug and assert indented, no PLAYBOOK line, no facts', async () => {
    const ours = await runCli(['run', 'site.yml', '-i', 'hosts', '-v'], { cwd: dir, env: { NO_COLOR: '1' } });
    const theirs = ansiblePlaybook(['site.yml', '-i', 'hosts', '-v'], dir);
    assert.equal(ours.code, theirs.status, ours.stdout + ours.stderr);
    assert.equal(steady(ours.stdout), steady(theirs.stdout));
  });
});
