import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';

/**
 * display_args_to_stdout: each banner shows its task's arguments as written, free-form text as
 * `_raw_params` (include_vars' free-form file too), values as Python prints them, nothing under no_log (inherited, or a template),
 * handlers, includes, facts and a role's argument check too: stdout as ansible-playbook 2.14's.
 */

const playbook = `- hosts: h1
  vars:
    who: world
  roles:
    - r
  tasks:
    - name: named {{ who }}
      debug:
        msg: "hello {{ who }}"
    - debug: msg="kv {{ who }}"
    - command: echo hi
      changed_when: false
    - shell: echo {{ who }}
      args:
        chdir: /tmp
      changed_when: false
    - shell:
        cmd: echo a
      changed_when: false
    - command:
        argv: [echo, b]
      changed_when: false
    - no_log: true
      debug:
        msg: secret
    - name: templated no_log
      no_log: "{{ false }}"
      debug: msg=y
    - block:
        - debug: msg=z
      no_log: true
    - set_fact:
        d: {a: 1, b: [1, 'x'], c: null, e: true}
        f: 1.5
    - ping:
    - include_vars: vars.yml
    - include_vars: {file: vars.yml}
    - include_vars: vars.yml name=nv
    - script: {cmd: x.sh}
    - meta: noop
    - include_tasks: inc.yml
    - include_role:
        name: r
    - assert:
        that: [1 == 1, "'a' in 'abc'"]
    - debug:
        msg: "{{ item }}"
      loop: [1]
      notify: h
      changed_when: true
  handlers:
    - name: h
      debug:
        msg: handler
`;

describe('display_args_to_stdout, as ansible-playbook 2.14 prints it', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-display-args-'));
    writeFileSync(
      join(dir, 'hosts'),
      'h1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n',
    );
    writeFileSync(join(dir, 'site.yml'), playbook);
    writeFileSync(join(dir, 'inc.yml'), '- debug:\n    msg: included\n');
    writeFileSync(join(dir, 'empty.cfg'), '[defaults]\n');
    writeFileSync(join(dir, 'vars.yml'), 'v: 1\n');
    writeFileSync(join(dir, 'x.sh'), '#!/bin/sh\necho x\n', { mode: 0o755 });
    mkdirSync(join(dir, 'roles', 'r', 'tasks'), { recursive: true });
    mkdirSync(join(dir, 'roles', 'r', 'meta'));
    writeFileSync(join(dir, 'roles', 'r', 'tasks', 'main.yml'), '- debug: msg=inrole\n');
    writeFileSync(
      join(dir, 'roles', 'r', 'meta', 'argument_specs.yml'),
      'argument_specs:\n  main:\n    options:\n      x: {type: str}\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const env of [{ ANSIBLE_DISPLAY_ARGS_TO_STDOUT: '1' }, {}])
    it(`${Object.keys(env).length ? 'set' : 'unset'}: the same stdout`, async function () {
      if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
      const args = ['-i', 'hosts', 'site.yml'];
      const all = { ANSIBLE_CONFIG: 'empty.cfg', ...env };
      const ansible = ansiblePlaybook(args, dir, all);
      const r = await runCli(['run', ...args], { cwd: dir, env: { NO_COLOR: '1', ...all } });
      assert.equal(r.code, ansible.status, r.stderr);
      assert.equal(r.stdout, ansible.stdout);
      if (!Object.keys(env).length) return;
      assert.match(r.stdout, /^TASK \[command _raw_params=echo hi\] \*+$/m);
      // include_vars' free-form file is _raw_params, its named file stays file; script's cmd is _raw_params
      assert.match(r.stdout, /^TASK \[include_vars _raw_params=vars.yml\] \*+$/m);
      assert.match(r.stdout, /^TASK \[include_vars file=vars.yml\] \*+$/m);
      assert.match(r.stdout, /^TASK \[include_vars name=nv, _raw_params=vars.yml\] \*+$/m);
      assert.match(r.stdout, /^TASK \[script _raw_params=x.sh\] \*+$/m);
    });
});
