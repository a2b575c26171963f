import { strict as assert } from 'node:assert';
import {
  catalogNames,
  freeFormModule,
  loadModules,
  loadedModule,
  moduleName,
} from '../../src/modules/catalog.js';
import { allModules, getModule, moduleNames } from '../../src/modules/registry.js';

describe('module catalog (modules loaded when a playbook names them)', () => {
  it('knows every name the registry knows, and no other', () => {
    assert.deepEqual([...catalogNames()].sort(), [...moduleNames()].sort());
    for (const n of moduleNames()) assert.equal(moduleName(n), getModule(n)!.name, n);
    assert.equal(moduleName('no_such_module'), undefined);
  });

  it('loads each module as the registry holds it (name, aliases, arguments, free-form)', async () => {
    await loadModules(moduleNames());
    for (const m of allModules()) {
      const c = loadedModule(`ansible.builtin.${m.name}`)!;
      assert.equal(c.name, m.name);
      assert.deepEqual(c.aliases, m.aliases, m.name);
      assert.deepEqual(c.schema, m.schema, m.name);
      assert.equal(c.freeForm, m.freeForm, m.name);
      assert.equal(typeof c.run, 'function');
    }
  });

  it('has the free-form modules at once, for the loader to split `command: chdir=/tmp ls`', () => {
    const free = allModules().filter((m) => m.freeForm || m.acceptsKeyValue === false);
    assert.ok(free.length >= 6);
    for (const m of free) assert.equal(freeFormModule(m.name)?.name, m.name);
    for (const m of allModules().filter((x) => !x.freeForm)) assert.equal(freeFormModule(m.name), undefined);
  });
});
