import assert from 'node:assert/strict';
import { Templar, UnsafeText, isUnsafe } from '../../src/template/index.js';
import { LAYER_ORDER, composeVars, factVars, type VarLayers } from '../../src/vars/precedence.js';

describe('vars precedence', () => {
  it('each layer overrides every layer below it, in Ansible order', () => {
    // give every layer a value for `v`, then remove layers from the top: the next one must win
    const layers: VarLayers = {
      roleDefaults: { v: 'roleDefaults' },
      inventory: { v: 'inventory' },
      facts: { v: 'facts' },
      playVars: { v: 'playVars' },
      varsFiles: [{ v: 'varsFiles' }],
      roleVars: { v: 'roleVars' },
      blockVars: [{ v: 'blockVars' }],
      taskVars: { v: 'taskVars' },
      includeVars: { v: 'includeVars' },
      hostRegistered: { v: 'hostRegistered' },
      roleParams: { v: 'roleParams' },
      includeParams: { v: 'includeParams' },
      extraVars: { v: 'extraVars' },
    };
    const order = LAYER_ORDER.filter((l) => l !== 'magic');
    for (let i = order.length - 1; i >= 0; i--) {
      const name = order[i]!;
      const want = name === 'facts' ? undefined : name; // facts land as ansible_v
      if (want) assert.equal(composeVars(layers).v, want, `with layers up to ${name}`);
      delete layers[name];
    }
  });

  it('inner block vars override outer ones; later vars_files override earlier ones', () => {
    const v = composeVars({
      blockVars: [{ a: 'outer', b: 'outer' }, { a: 'inner' }],
      varsFiles: [{ f: 1 }, { f: 2 }],
    });
    assert.deepEqual([v.a, v.b, v.f], ['inner', 'outer', 2]);
  });

  it('replaces dicts whole (hash_behaviour=replace)', () => {
    const v = composeVars({ roleDefaults: { cfg: { a: 1, b: 2 } }, playVars: { cfg: { a: 9 } } });
    assert.deepEqual(v.cfg, { a: 9 });
  });

  it('facts appear as ansible_facts and as ansible_<name>', () => {
    const facts = { os_family: 'RedHat', distribution_major_version: '9' };
    const v = composeVars({ facts });
    // facts are host data: each is stored unsafe (an UnsafeText), the Templar reveals the text
    assert.ok(v.ansible_os_family instanceof UnsafeText);
    assert.equal(String(v.ansible_os_family), 'RedHat');
    assert.equal(new Templar(v).template('{{ ansible_os_family }}'), 'RedHat');
    assert.deepEqual(v.ansible_facts, facts);
    assert.ok(isUnsafe(v.ansible_facts));
    assert.deepEqual(factVars({ hostname: 'h' }), {
      ansible_hostname: new UnsafeText('h'),
      ansible_facts: { hostname: 'h' },
    });
  });

  it('magic variables cannot be overridden by extra vars', () => {
    const v = composeVars({
      extraVars: { inventory_hostname: 'evil' },
      magic: { inventory_hostname: 'web1' },
    });
    assert.equal(v.inventory_hostname, 'web1');
  });

  it('a role default may refer to a higher-precedence variable (resolved lazily)', () => {
    const v = composeVars({
      roleDefaults: { tftp_root: '/srv/tftp', tftp_efi_dir: '{{ tftp_root }}/efi' },
      playVars: { tftp_root: '/var/lib/tftpboot' },
    });
    assert.equal(new Templar(v).template('{{ tftp_efi_dir }}'), '/var/lib/tftpboot/efi');
  });
});
