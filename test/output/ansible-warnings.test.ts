import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../helpers/cli.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

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
  const dir = tempDirUntilExit('fp-warnings');

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

  describe('which variables are reserved-name checked (var_reserved)', () => {
    const dir2 = tempDirUntilExit('fp-warnings-src');
    before(() => {
      const files: Record<string, string> = {
        'roles/r/defaults/main.yml': 'lookup: d\n',
        'roles/r/vars/main.yml': 'cycler: v\n',
        'roles/r/tasks/main.yml': '- debug: msg=r\n',
        'vf.yml': 'range: vf\n',
        'group_vars/all.yml': 'joiner: gv\n',
        hosts: 'h1 ansible_connection=local dict=hv\nh2 ansible_connection=local\n[all:vars]\nnamespace=gv\n',
        'site.yml': `- hosts: all
  gather_facts: false
  serial: 1
  vars: {lipsum: x, when: y}
  vars_files: [vf.yml]
  vars_prompt:
    - {name: now, default: z, private: false}
  roles: [r]
  tasks:
    - debug: msg=t
      vars: {undef: tv}
    - block:
        - set_fact: {q: 1, tags: 2}
        - debug: msg=b
          register: name
      vars: {query: bv}
- hosts: all
  gather_facts: false
  vars: {lipsum: again, hosts: h}
  tasks:
    - include_vars: vf.yml
    - include_role: {name: r}
`,
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir2, name, '..'), { recursive: true });
        writeFileSync(join(dir2, name), text);
      }
    });

    // play vars, vars_files, vars_prompt answers, the play's roles' defaults and vars, -e; not the
    // inventory's, a task's or block's, set_fact, register, include_vars or include_role; each name
    // once in the run (a later play's lipsum, a serial batch's)
    const reserved = ['cycler', 'hosts', 'lipsum', 'lookup', 'now', 'range', 'retries', 'when'].map(
      (n) => `[WARNING]: Found variable using reserved name: ${n}`,
    );
    const reservedOf = (stderr: string) =>
      warnings(stderr)
        .filter((w) => w.includes('reserved name'))
        .sort();

    it('fabplay warns for the names of those', async () => {
      const r = await runCli(['run', 'site.yml', '-i', 'hosts', '-e', 'retries=1'], {
        cwd: dir2,
        env: { NO_COLOR: '1', CI: '1' },
      });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(reservedOf(r.stderr), reserved);
    });

    it('ansible-playbook 2.14 warns for the same', async function () {
      if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
      const { stderr } = await promisify(execFile)(
        'ansible-playbook',
        ['-i', 'hosts', 'site.yml', '-e', 'retries=1'],
        { cwd: dir2, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } },
      );
      assert.deepEqual(reservedOf(stderr), reserved);
    });
  });
});
