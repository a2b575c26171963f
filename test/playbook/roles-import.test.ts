import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/errors.js';
import { loadPlaybook } from '../../src/playbook/index.js';
import type { Block, Include, Task } from '../../src/playbook/types.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

const dir = fileURLToPath(new URL('../fixtures/playbooks/roles-import/', import.meta.url));

describe('import_role, include_role and role handlers', () => {
  const [play] = loadPlaybook(join(dir, 'site.yml'), { rolesPath: [] }).plays;

  it('import_role is a block with the import keywords: dependencies first, then tasks_from', () => {
    const b = play!.tasks[0] as Block;
    assert.equal(b.type, 'block');
    assert.equal(b.role?.name, 'svc');
    assert.deepEqual(b.kw, { when: 'enable_svc | default(true)', tags: ['svc'] });
    const dep = b.block[0] as Block;
    assert.equal(dep.role?.name, 'base');
    assert.deepEqual(dep.role?.params, { base_x: 2 });
    assert.equal((dep.block[0] as Task).args.cmd, 'echo base');
    assert.equal((b.block[1] as Task).name, 'configure svc');
    assert.equal(b.block[1]!.role, b.role);
    assert.deepEqual(
      play!.importedRoles?.map((r) => r.name),
      ['svc'],
    );
  });

  it('notify finds role handlers by name, `role : name` and listen', () => {
    // loading succeeded: 'svc changed' (listen) and 'svc : restart svc' resolved
    assert.equal((play!.tasks[1] as Task).kw.notify, 'svc : restart svc');
  });

  it('keeps a free-form script with a lone quote as command text', () => {
    const t = play!.tasks[1] as Task;
    assert.equal(t.action, 'shell');
    assert.equal(t.args.cmd, 'echo "it\'s" ${#HOME}\necho don\'t split');
  });

  it('include_role stays an Include for run time', () => {
    const inc = play!.tasks[2] as Include;
    assert.equal(inc.type, 'include_role');
    assert.deepEqual(inc.args, { name: 'base' });
    assert.deepEqual(inc.kw.vars, { base_x: 1 });
  });

  it('import_tasks in a role finds files in tasks/ and beside the importing file', () => {
    const base = (play!.tasks[0] as Block).block[0] as Block;
    const nested = base.block[1] as Block;
    const inner = nested.block[0] as Block;
    assert.equal((inner.block[0] as Task).args.cmd, 'echo debian');
  });
});

describe("import_role's own options, templated while loading", () => {
  const load = (tasks: string): Block[] => {
    const d = tempDirUntilExit('fabplay-import');
    mkdirSync(join(d, 'roles', 'r', 'tasks'), { recursive: true });
    writeFileSync(join(d, 'roles', 'r', 'tasks', 'main.yml'), '- debug: msg=r\n');
    writeFileSync(
      join(d, 'site.yml'),
      `- hosts: all\n  gather_facts: false\n  vars: {no_dups: false}\n  tasks:\n${tasks}`,
    );
    return loadPlaybook(join(d, 'site.yml'), { rolesPath: [] }).plays[0]!.tasks as Block[];
  };

  it('allow_duplicates: one shared value per role object, the last import wins', () => {
    const [a, b, c] = load(`    - import_role: {name: r, allow_duplicates: "{{ no_dups }}"}
    - import_role: {name: r}
    - import_role: {name: r, tasks_from: main, allow_duplicates: "{{ False | bool }}"}
`);
    assert.equal(a!.roleImport!.key, b!.roleImport!.key);
    assert.equal(a!.roleImport!.duplicates, b!.roleImport!.duplicates);
    assert.equal(a!.roleImport!.duplicates.allow, true);
    // tasks_from makes it another role object
    assert.notEqual(c!.roleImport!.key, a!.roleImport!.key);
    assert.equal(c!.roleImport!.duplicates.allow, false);
  });

  it('rolespec_validate is templated; a value that is no boolean is refused, naming the field', () => {
    const [a] = load(`    - import_role: {name: r, rolespec_validate: "{{ no_dups }}"}\n`);
    assert.equal(a!.skipArgumentSpec, true);
    assert.throws(
      () => load(`    - import_role: {name: r, allow_duplicates: maybe}\n`),
      (e: InputError) =>
        e.pos?.line === 5 && /the field 'allow_duplicates' has an invalid value \(maybe\)/.test(e.message),
    );
  });
});
