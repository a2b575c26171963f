import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';

// options an action does not take fail with a result that carries an (empty) traceback
const playbook = `- hosts: all
  gather_facts: false
  tasks:
    - group_by: { key: k, foo: 1 }
      ignore_errors: true
    - debug: { msg: x, bar: 1 }
      ignore_errors: true
    - wait_for_connection: { nope: 1 }
      ignore_errors: true
`;

const steady = (out: string): string => out.replace(/\ntotal time: .*\n[^]*$/, '\n').trimEnd();

describe("a result's traceback, as ansible-playbook's callback shows it", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-exception-'));
    writeFileSync(
      join(dir, 'hosts'),
      'h1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n',
    );
    writeFileSync(join(dir, 'site.yml'), playbook);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('its last line before the failure, never in the dumped result', async () => {
    const ours = await runCli(['run', 'site.yml', '-i', 'hosts'], { cwd: dir, env: { NO_COLOR: '1' } });
    const theirs = ansiblePlaybook(['site.yml', '-i', 'hosts'], dir);
    assert.equal(ours.code, theirs.status, ours.stdout + ours.stderr);
    assert.match(
      ours.stdout,
      /The error was: NoneType: None\nfatal: \[h1\]: FAILED! => \{"changed": false, "msg": "Invalid options for group_by: foo"\}/,
    );
    assert.equal(steady(ours.stdout), steady(theirs.stdout));
  });

  it('the whole traceback at -vvv, ended by one newline', async () => {
    const ours = await runCli(['run', 'site.yml', '-i', 'hosts', '-vvv'], {
      cwd: dir,
      env: { NO_COLOR: '1' },
    });
    assert.match(ours.stdout, /\nThe full traceback is:\nNoneType: None\nfatal: \[h1\]: FAILED! => \{\n/);
    assert.doesNotMatch(ours.stdout, /"exception"/);
  });
});
