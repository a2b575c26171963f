import { strict as assert } from 'node:assert';
import { playbookProblems as problems } from './playbook-problems.js';

describe('preflight: module arguments that module_defaults give', () => {
  it('a required argument given by module_defaults is no error; without them it is', async () => {
    const withDefaults = await problems(
      `- hosts: all\n  module_defaults:\n    ansible.builtin.file: {path: /tmp/x}\n  tasks:\n    - file: {state: directory}\n`,
    );
    assert.deepEqual(withDefaults.errors, []);
    const without = await problems(`- hosts: all\n  tasks:\n    - file: {state: directory}\n`);
    assert.equal(without.errors.length, 1);
    assert.match(without.errors[0]!, /path/);
  });

  it('defaults from a template count as any argument', async () => {
    const r = await problems(
      `- hosts: all\n  module_defaults:\n    file: "{{ file_defaults }}"\n  tasks:\n    - file: {state: directory}\n`,
    );
    assert.deepEqual(r.errors, []);
  });

  it('a task written as action: gets no defaults, as in Ansible: the missing argument is an error', async () => {
    const r = await problems(
      `- hosts: all\n  module_defaults:\n    file: {path: /tmp/x}\n  tasks:\n    - action: file state=directory\n`,
    );
    assert.equal(r.errors.length, 1);
  });

  it('a conflict only the defaults make is a warning (Ansible fails that task when it runs)', async () => {
    const r = await problems(
      `- hosts: all\n  module_defaults:\n    copy: {content: x}\n  tasks:\n    - copy: {src: a.txt, dest: /tmp/y}\n`,
    );
    assert.deepEqual(r.errors, []);
    assert.ok(
      r.warnings.some((w) => /with the arguments module_defaults give/.test(w)),
      r.warnings.join('\n'),
    );
  });
});
