import { strict as assert } from 'node:assert';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runYaml } from './run-helper.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

// Each case was run under ansible-playbook 2.14 first (fixture 110 holds the rest).
describe('executor: module_defaults, and gather_timeout', () => {
  it("a roles: entry, import_role and import_tasks give their tasks defaults; include_role the play's", async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  module_defaults:
    command: {chdir: /usr}
  roles:
    - role: r
      module_defaults: {ansible.builtin.command: {chdir: /opt}}
  tasks:
    - include_role: {name: r}
    - import_role: {name: r}
      module_defaults: {command: {chdir: /srv}}
    - import_tasks: t.yml
      module_defaults: {command: {chdir: /etc}}
`,
      {
        files: {
          'roles/r/tasks/main.yml': '- command: pwd\n  register: o\n- debug: msg="role {{ o.stdout }}"\n',
          't.yml': '- command: pwd\n  register: o\n- debug: msg="tasks {{ o.stdout }}"\n',
        },
      },
    );
    assert.deepEqual(r.msgs, ['h1: role /opt', 'h1: role /usr', 'h1: role /srv', 'h1: tasks /etc']);
  });

  it("a handler gets the play's defaults; an entry that is not a mapping fails the task", async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  vars:
    not_a_mapping: text
  module_defaults:
    command: {chdir: /etc}
  tasks:
    - command: "true"
      notify: h
    - command: pwd
      module_defaults: {command: "{{ not_a_mapping }}"}
      register: bad
      ignore_errors: true
    - debug: msg="{{ bad.msg }}"
  handlers:
    - name: h
      command: pwd
      register: hd
      notify: show
    - name: show
      debug: msg="handler {{ hd.stdout }}"
`,
    );
    assert.match(
      r.msgs[0]!,
      /module_defaults: the defaults of 'command' must be a mapping of arguments, not "text"/,
    );
    assert.equal(r.msgs[1], 'h1: handler /etc');
  });

  it('gather_timeout bounds the fact gathering; without it the same gathering finishes', async () => {
    const facts = tempDirUntilExit('fabplay-facts');
    writeFileSync(join(facts, 'slow.fact'), '#!/bin/sh\nsleep 3\necho \'{"done": true}\'\n');
    chmodSync(join(facts, 'slow.fact'), 0o755);
    const play = (timeout: string) =>
      `- hosts: h1\n  fact_path: ${facts}\n  ${timeout}\n  tasks:\n    - debug: msg="{{ ansible_local.slow.done }}"\n`;
    const bounded = await runYaml(play('gather_timeout: "{{ 1 }}"'));
    assert.equal(bounded.recap.h1!.failed, 1);
    assert.match(
      String(bounded.result('Gathering Facts')?.result.msg),
      /fact gathering did not finish within gather_timeout \(1 s\)/,
    );
    const free = await runYaml(play('gather_timeout: 10'));
    assert.deepEqual(free.msgs, ['h1: true']);
  });

  it('a gather_timeout that is not a number fails the gathering with a clear message', async () => {
    const r = await runYaml(`- hosts: h1\n  gather_timeout: "{{ 'soon' }}"\n  tasks: []\n`);
    assert.match(
      String(r.result('Gathering Facts')?.result.msg),
      /gather_timeout must be a whole number of seconds, not "soon"/,
    );
  });
});
