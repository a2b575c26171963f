import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory, selectHosts } from '../../src/inventory/index.js';
import { hostVars } from '../../src/inventory/host-vars.js';

describe('inventory: host_vars of the implicit localhost', () => {
  it('host_vars/localhost beside the playbook applies with no inventory, as in Ansible', () => {
    const play = mkdtempSync(join(tmpdir(), 'implicit-lh-'));
    mkdirSync(join(play, 'host_vars'));
    writeFileSync(join(play, 'host_vars', 'localhost'), 'a: 1\n');
    const inv = loadInventory([], { playbookDir: play });
    assert.deepEqual(selectHosts(inv, 'localhost'), ['localhost']);
    assert.equal(hostVars(inv, 'localhost').a, 1);
  });
});
