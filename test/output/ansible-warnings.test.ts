import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../helpers/cli.js';

/**
 * Ansible's two warnings about how a playbook is written: a play variable named like a keyword or
 * template global (once per run, before the play's banner, from play vars, vars_files, the play's
 * roles and -e, not from task vars or set_fact), and a condition written as a template (when,
 * changed_when, failed_when, until, and assert's `that` as a list; once per host's task). Both tools run the same playbook; the
 * warnings they print, in order, must be the same. One reserved name per play: Ansible lists
 * several in the order of a Python set, which changes from run to run.
 */
describe('warnings: reserved variable names and templated conditions, as ansible-playbook', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'fp-warnings-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(() => {
    mkdirSync(join(dir, 'roles/r1/defaults'), { recursive: true });
    mkdirSync(join(dir, 'roles/r1/tasks'), { recursive: true });
    writeFileSync(join(dir, 'roles/r1/defaults/main.yml'), 'query: 1\n');
    writeFileSync(join(dir, 'roles/r1/tasks/main.yml'), '- debug: msg=r1\n');
    writeFileSync(join(dir, 'vf.yml'), 'lipsum: 1\n');
    writeFileSync(join(dir, 'hosts'), 'h1 ansible_connection=local\n');
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: h1
  gather_facts: false
  vars:
    environment: 1
  tasks:
    - debug: msg=a
      when: "{{ true }}"
      vars:
        tags: 2
    - set_fact:
        range: 3
    - debug: msg=b
      changed_when: "{{ false }}"
      failed_when: "'{{ 1 }}' == '2'"
    - debug: msg="{{ item }}"
      loop: [1, 2]
      when: "{% if item == 1 %}true{% else %}false{% endif %}"
    - command: "true"
      register: r
      until: "{{ r.rc == 0 }}"
    - debug: msg=c
      when: "{{ true }}"
    - debug: msg=d
      when: item_is_not_templated | default(true)
    - assert: {that: "{{ true }}", quiet: true}
    - assert:
        that: ["{{ 1 }} == 1", "x is not defined"]
        quiet: true
      when: "{{ 2 }} == 2"
- hosts: h1
  gather_facts: false
  vars_files: [vf.yml]
  tasks: [{debug: {msg: e}}]
- hosts: h1
  gather_facts: false
  roles: [r1]
- hosts: h1
  gather_facts: false
  tasks: [{debug: {msg: f}}]
`,
    );
  });

  /** The [WARNING] texts of stderr (which holds nothing else here) in order, each unwrapped. */
  function warnings(stderr: string): string[] {
    return stderr
      .split('[WARNING]: ')
      .slice(1)
      .map((w) => `[WARNING]: ${w.replace(/\s+/g, ' ').trim()}`)
      .filter((w) => !w.includes('No inventory was parsed'));
  }

  // fabplay lists a play's reserved names in name order
  const expected = [
    '[WARNING]: Found variable using reserved name: environment',
    '[WARNING]: Found variable using reserved name: now',
    '[WARNING]: conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: {{ true }}',
    '[WARNING]: conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: {{ false }}',
    "[WARNING]: conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: '{{ 1 }}' == '2'",
    '[WARNING]: conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: {% if item == 1 %}true{% else %}false{% endif %}',
    '[WARNING]: conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: {{ r.rc == 0 }}',
    '[WARNING]: conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: {{ true }}',
    '[WARNING]: conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: {{ 2 }} == 2',
    '[WARNING]: conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: {{ 1 }} == 1',
    '[WARNING]: Found variable using reserved name: lipsum',
    '[WARNING]: Found variable using reserved name: query',
  ];

  it('fabplay prints them', async () => {
    const r = await runCli(['run', 'site.yml', '-i', 'hosts', '-e', 'now=1'], {
      cwd: dir,
      env: { NO_COLOR: '1', CI: '1' },
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // -e is in every play's variables: its warning shows once, with the first play
    assert.deepEqual(warnings(r.stderr), expected);
  });

  it('ansible-playbook 2.14 prints the same', async function () {
    if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
    const { stderr } = await promisify(execFile)(
      'ansible-playbook',
      ['-i', 'hosts', 'site.yml', '-e', 'now=1'],
      {
        cwd: dir,
        env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
      },
    );
    const got = warnings(stderr);
    // with -e, Ansible's first play has two reserved names, in a Python set's order
    assert.deepEqual(new Set(got.slice(0, 2)), new Set(expected.slice(0, 2)));
    assert.deepEqual(got.slice(2), expected.slice(2));
  });
});
