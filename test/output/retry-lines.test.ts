import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';

/**
 * Each try that misses `until` prints Ansible's `FAILED - RETRYING: [host]: name (N retries left).`
 * at every verbosity: the name rendered with the try's variables (a registered value of an
 * earlier task, the item), the action for an unnamed task, `host -> delegate` for another host,
 * and the try's result after it for debug (which asks to be shown).
 */
const playbook = `- hosts: h1
  gather_facts: false
  tasks:
    - command: echo first
      register: prev
    - name: "{{ prev.stdout }} {{ item }}"
      command: "echo {{ item }}"
      loop: [a]
      until: false
      retries: 2
      delay: 0
      ignore_errors: true
    - command: echo unnamed
      until: false
      retries: 1
      delay: 0
      ignore_errors: true
      delegate_to: h2
    - name: debug to self
      debug: { msg: x }
      until: false
      retries: 1
      delay: 0
      ignore_errors: true
      delegate_to: h1
    - name: met on the second try
      shell: n=$(( $(cat {{ playbook_dir }}/n 2>/dev/null || echo 0) + 1 )); echo $n | tee {{ playbook_dir }}/n
      register: counted
      until: counted.stdout == '2'
      retries: 3
      delay: 0
    - name: missed with no msg of its own
      set_fact: { tries: 1 }
      until: false
      retries: 1
      delay: 0
      ignore_errors: true
    - name: hidden
      command: echo secret
      until: false
      retries: 1
      delay: 0
      no_log: true
      ignore_errors: true
`;

/** What changes from run to run (times), and fabplay's own last line. */
const steady = (out: string): string =>
  out
    .replace(/"(delta|end|start)": "[^"]*"/g, '"$1": "X"')
    .replace(/\ntotal time: .*\n/, '\n')
    .trimEnd();

describe('retry lines, as ansible-playbook prints them', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-retry-'));
    const local = 'ansible_connection=local ansible_python_interpreter=/usr/bin/python3';
    writeFileSync(join(dir, 'hosts'), `h1 ${local}\nh2 ${local}\n`);
    writeFileSync(join(dir, 'site.yml'), playbook);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('one line per try that missed, with the rendered name', async () => {
    rmSync(join(dir, 'n'), { force: true });
    const ours = await runCli(['run', 'site.yml', '-i', 'hosts'], { cwd: dir, env: { NO_COLOR: '1' } });
    rmSync(join(dir, 'n'), { force: true });
    const theirs = ansiblePlaybook(['site.yml', '-i', 'hosts'], dir);
    assert.equal(ours.code, theirs.status, ours.stdout + ours.stderr);
    assert.match(ours.stdout, /FAILED - RETRYING: \[h1\]: first a \(1 retries left\)\./);
    assert.equal(steady(ours.stdout), steady(theirs.stdout));
  });
});
