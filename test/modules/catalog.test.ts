import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
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

  it("answers to the collection names ansible-core 2.14 routes to, which Debian's Ansible ships", () => {
    const collections = '/usr/lib/python3/dist-packages/ansible_collections';
    const full = catalogNames().filter((n) => !/^(ansible\.(builtin|legacy)\.)?[a-z_]+$/.test(n));
    assert.deepEqual(full.sort(), [
      'ansible.posix.authorized_key',
      'ansible.posix.firewalld',
      'ansible.posix.mount',
      'ansible.posix.seboolean',
      'ansible.posix.synchronize',
      'ansible.posix.sysctl',
      'community.general.modprobe',
      'community.general.sefcontext',
    ]);
    for (const n of full) {
      const [ns, coll, short] = n.split('.');
      assert.equal(moduleName(n), short);
      assert.ok(existsSync(`${collections}/${ns}/${coll}/plugins/modules/${short}.py`), n);
    }
    assert.equal(moduleName('ansible.posix.copy'), undefined);
  });

  it('has the free-form modules at once, for the loader to split `command: chdir=/tmp ls`', () => {
    const free = allModules().filter((m) => m.freeForm || m.acceptsKeyValue === false);
    assert.ok(free.length >= 6);
    for (const m of free) assert.equal(freeFormModule(m.name)?.name, m.name);
    for (const m of allModules().filter((x) => !x.freeForm)) assert.equal(freeFormModule(m.name), undefined);
  });
});
