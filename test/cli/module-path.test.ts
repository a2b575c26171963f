// Modules of the user's own, where Ansible finds them (a role's library/, the library/ beside the
// playbook, -M, ANSIBLE_LIBRARY): fabplay runs those not built on Ansible's module_utils
// (test/cli/own-modules.test.ts); for one that is, the preflight names the file and the task fails
// if it runs (ignore_errors and rescue take it), and a file named like one of fabplay's modules is
// reported (Ansible would run the file instead).
// Checked beside ansible-playbook 2.14: it runs the role's hello.py, -M's and ANSIBLE_LIBRARY's
// mine.sh, and library/copy.py for `copy` (not for ansible.builtin.copy); an unknown name stops it.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

const PY_MODULE = [
  '#!/usr/bin/python',
  'from ansible.module_utils.basic import AnsibleModule',
  'AnsibleModule(argument_spec={}).exit_json(changed=False)',
  '',
].join('\n');

describe('cli: modules of the user own (library/, -M, ANSIBLE_LIBRARY)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => {
    tmp = makeTempDir('fabplay-library-');
    const d = tmp.dir;
    for (const sub of ['roles/r1/library', 'roles/r1/tasks', 'library', 'mp'])
      mkdirSync(join(d, sub), { recursive: true });
    writeFileSync(join(d, 'roles/r1/library/hello.py'), PY_MODULE);
    // files Ansible's module search skips (MODULE_IGNORE_EXTS, __init__.py)
    writeFileSync(join(d, 'roles/r1/library/README.md'), 'not a module\n');
    writeFileSync(join(d, 'roles/r1/library/__init__.py'), '');
    writeFileSync(join(d, 'roles/r1/tasks/main.yml'), '- hello: name=x\n  when: false\n');
    writeFileSync(join(d, 'library/copy.py'), PY_MODULE);
    writeFileSync(join(d, 'mp/mine.sh'), '#!/bin/sh\necho \'{"changed": false}\'\n');
    chmodSync(join(d, 'mp/mine.sh'), 0o755);
    writeFileSync(join(d, 'hosts'), 'h1 ansible_connection=local\n');
    writeFileSync(
      join(d, 'site.yml'),
      [
        '- hosts: h1',
        '  gather_facts: false',
        '  roles: [r1]',
        '- hosts: h1',
        '  gather_facts: false',
        '  tasks:',
        '    - hello: name=y',
        '      ignore_errors: true',
        '    - block:',
        '        - mine:',
        '      rescue:',
        '        - debug: msg="rescued {{ ansible_failed_result.msg }}"',
        '    - ansible.builtin.copy: {content: "a\\n", dest: "{{ playbook_dir }}/out"}',
        '    - copy: {content: "b\\n", dest: "{{ playbook_dir }}/out2"}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(d, 'typo.yml'),
      '- hosts: h1\n  gather_facts: false\n  tasks:\n    - READMEx:\n    - README:\n',
    );
  });
  after(() => tmp?.cleanup());
  const run = (args: string[], env: Record<string, string> = {}) =>
    runCli(['run', '-i', 'hosts', ...args], { cwd: tmp.dir, env: { NO_COLOR: '1', CI: '1', ...env } });

  it('warns for each, fails the tasks that run, and runs the rest', async () => {
    const r = await run(['site.yml', '-M', 'mp']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // the role's library serves the later play too, as Ansible's one module loader does
    assert.match(
      r.stderr,
      /roles\/r1\/tasks\/main.yml:1:3: task: 'hello' is a module of your own \(roles\/r1\/library\/hello.py\)/,
    );
    assert.match(
      r.stderr,
      /site.yml:7:7: task: 'hello' is a module of your own \(roles\/r1\/library\/hello.py\)/,
    );
    // mine.sh is an old-style module: it runs, as under Ansible
    assert.doesNotMatch(r.stderr, /mine/);
    assert.match(
      r.stderr,
      /site.yml:14:7: task: Ansible runs library\/copy.py for 'copy'; fabplay runs its own copy module, since it cannot run that file: it imports ansible.module_utils/,
    );
    assert.doesNotMatch(r.stderr, /Ansible runs library\/copy.py for 'ansible.builtin.copy'/);
    assert.match(
      r.stdout,
      /"msg": "site.yml:7:7: 'hello' is a module of your own \(roles\/r1\/library\/hello.py\) fabplay cannot run: it imports ansible.module_utils, /,
    );
    assert.doesNotMatch(r.stdout, /rescued [^=]/);
    assert.match(r.stdout, /h1 +: ok=4 +changed=2 +unreachable=0 +failed=0 +skipped=1 +rescued=0 +ignored=1/);
  });

  it('finds the module path of ANSIBLE_LIBRARY, and nothing without it', async () => {
    const r = await run(['site.yml'], { ANSIBLE_LIBRARY: join(tmp.dir, 'mp') });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /TASK \[mine\][^\n]*\nok: \[h1\]/);
    const without = await run(['site.yml']);
    assert.notEqual(without.code, 0);
    assert.match(without.stderr, /site.yml:10:11: task: unknown module 'mine'/);
  });

  it('still stops at a name no directory has, and skips what Ansible skips', async () => {
    const r = await run(['typo.yml']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /unknown module 'READMEx'/);
    assert.match(r.stderr, /unknown module 'README'/);
  });
});
