import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliArgv } from '../helpers/cli.js';

/**
 * Warnings of lookups in templates outside a task's arguments show where they happen, as
 * ansible-playbook 2.14 prints them: a name's before the banner (for the host that names it for
 * the banner; another host's with its result), when's, loop's, a play var's (each time it is
 * used) and changed_when's with that task's result, never on the next task. stdout and stderr go
 * to one file, so their order is compared too.
 */

const playbook = `- hosts: all
  gather_facts: false
  vars:
    pv: "{{ lookup('file', 'nope-var', errors='warn') }}"
  tasks:
    - name: "name {{ lookup('file', 'nope-' + inventory_hostname, errors='warn') }}"
      debug: msg=one
    - debug: msg=two
      when: lookup('file', 'nope-when', errors='warn') == ''
    - debug: msg="{{ item }}"
      loop: "{{ query('file', 'nope-loop', errors='warn') + [1] }}"
    - debug: msg="{{ pv }}"
    - debug: msg=three
      changed_when: lookup('file', 'nope-changed', errors='warn') == 'x'
    - set_fact:
        x: 1
      when: pv == ''
    - debug: msg=last
`;

/** One run's stdout and stderr as a terminal would show them together. */
function together(argv: string[], cwd: string): string {
  const file = join(cwd, 'out.txt');
  const fd = openSync(file, 'w');
  try {
    spawnSync(argv[0]!, argv.slice(1), {
      cwd,
      stdio: ['ignore', fd, fd],
      env: {
        ...process.env,
        ANSIBLE_NOCOLOR: '1',
        NO_COLOR: '1',
        ANSIBLE_RETRY_FILES_ENABLED: '0',
        // Ansible 2.14's display leaves stdout's flushing to Python: into a file it is
        // block-buffered and its lines would come after stderr's; a terminal's line buffering,
        // which this comparison stands for, is what unbuffered output gives
        PYTHONUNBUFFERED: '1',
      },
    });
  } finally {
    closeSync(fd);
  }
  return readFileSync(file, 'utf8');
}

describe('lookup warnings outside arguments show where they happen, as ansible-playbook 2.14', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-lookup-warnings-'));
    writeFileSync(join(dir, 'site.yml'), playbook);
    const host = (h: string): string =>
      `${h} ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n`;
    writeFileSync(join(dir, 'one'), host('a'));
    writeFileSync(join(dir, 'two'), host('a') + host('b'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const inventory of ['one', 'two'])
    it(`${inventory} host(s): the same lines in the same order`, function () {
      if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
      // one fork: the hosts' results come in one order
      const args = ['-i', inventory, 'site.yml', '-f', '1'];
      const ansible = together(['ansible-playbook', ...args], dir);
      const fabplay = together(cliArgv(['run', ...args]), dir);
      assert.match(ansible, /nope-changed/);
      assert.equal(fabplay, ansible);
    });
});
