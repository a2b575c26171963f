import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlaybook } from '../../src/playbook/index.js';
import type { Block, Include, Task } from '../../src/playbook/types.js';

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
