// Modules of the user's own, where Ansible finds them (a role's library/, the library/ beside the
// playbook, -M, ANSIBLE_LIBRARY), found and run as Ansible finds and runs them: a module built on
// ansible.module_utils runs with those of the controller's Ansible, which Ansible runs for `copy`
// from library/copy.py (and not for ansible.builtin.copy). Without Ansible on the controller such
// a module is named by the preflight with what to do, and a task that runs it fails (rescue and
// ignore_errors take it). Checked beside ansible-playbook 2.14: it runs the role's hello.py, -M's
// and ANSIBLE_LIBRARY's mine.sh, library/copy.py for `copy`; an unknown name stops it.
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

const PY_MODULE = [
  '#!/usr/bin/python',
  'from ansible.module_utils.basic import AnsibleModule',
  "m = AnsibleModule(argument_spec={'name': {}, 'content': {}, 'dest': {}})",
  "m.exit_json(changed=False, msg='from the library: %s' % m.params['name'])",
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
        '      register: hello',
        '    - debug: var=hello.msg',
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

  it("runs them, those built on module_utils with the controller's Ansible", async () => {
    const r = await run(['site.yml', '-M', 'mp']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stderr, /WARNING/);
    assert.match(r.stdout, /"hello.msg": "from the library: y"/);
    // library/copy.py runs for copy, as under Ansible: out2 is not written
    assert.ok(existsSync(join(tmp.dir, 'out')));
    assert.ok(!existsSync(join(tmp.dir, 'out2')));
    assert.match(r.stdout, /h1 +: ok=5 +changed=1 +unreachable=0 +failed=0 +skipped=1 +rescued=0 +ignored=0/);
  });

  it('without Ansible on the controller, names them and fails the tasks that run', async () => {
    // an ansible-playbook whose Python cannot import ansible (-S: no site-packages)
    mkdirSync(join(tmp.dir, 'noansible'), { recursive: true });
    writeFileSync(join(tmp.dir, 'noansible/ansible-playbook'), '#!/usr/bin/python3 -S\n');
    chmodSync(join(tmp.dir, 'noansible/ansible-playbook'), 0o755);
    const r = await run(['site.yml', '-M', 'mp'], {
      PATH: `${join(tmp.dir, 'noansible')}:${process.env.PATH}`,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const why =
      /fabplay sends Ansible's module_utils from the controller's Ansible, and \/usr\/bin\/python3 has none \(ModuleNotFoundError: No module named 'ansible'\): install ansible-core on the controller/;
    // the role's library serves the later play too, as Ansible's one module loader does
    assert.match(
      r.stderr,
      /roles\/r1\/tasks\/main.yml:1:3: task: 'hello' is a module of your own \(roles\/r1\/library\/hello.py\) fabplay cannot run: /,
    );
    assert.match(r.stderr, why);
    assert.match(
      r.stderr,
      /site.yml:7:7: task: 'hello' is a module of your own \(roles\/r1\/library\/hello.py\) fabplay cannot run: /,
    );
    // mine.sh is an old-style module: it needs no module_utils and runs
    assert.doesNotMatch(r.stderr, /mine/);
    assert.match(
      r.stderr,
      /site.yml:16:7: task: Ansible runs library\/copy.py for 'copy'; fabplay runs its own copy module, since it cannot run that file: fabplay sends/,
    );
    assert.doesNotMatch(r.stderr, /Ansible runs library\/copy.py for 'ansible.builtin.copy'/);
    assert.match(
      r.stdout,
      /"msg": "site.yml:7:7: 'hello' is a module of your own \(roles\/r1\/library\/hello.py\) fabplay cannot run: fabplay sends/,
    );
    assert.match(r.stdout, /h1 +: ok=5 +changed=1 +unreachable=0 +failed=0 +skipped=1 +rescued=0 +ignored=1/);
  });

  it('finds the module path of ANSIBLE_LIBRARY, and nothing without it', async () => {
    const r = await run(['site.yml'], { ANSIBLE_LIBRARY: join(tmp.dir, 'mp') });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /TASK \[mine\][^\n]*\nok: \[h1\]/);
    const without = await run(['site.yml']);
    assert.notEqual(without.code, 0);
    assert.match(without.stderr, /site.yml:12:11: task: unknown module 'mine'/);
  });

  it('still stops at a name no directory has, and skips what Ansible skips', async () => {
    const r = await run(['typo.yml']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /unknown module 'READMEx'/);
    assert.match(r.stderr, /unknown module 'README'/);
  });
});
