import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInventory, selectHosts } from '../../src/inventory/index.js';
import { hostVars } from '../../src/inventory/host-vars.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('inventory: host_vars of the implicit localhost', () => {
  it('host_vars/localhost beside the playbook applies with no inventory, as in Ansible', () => {
    const play = tempDirUntilExit('implicit-lh');
    mkdirSync(join(play, 'host_vars'));
    writeFileSync(join(play, 'host_vars', 'localhost'), 'a: 1\n');
    const inv = loadInventory([], { playbookDir: play });
    assert.deepEqual(selectHosts(inv, 'localhost'), ['localhost']);
    assert.equal(hostVars(inv, 'localhost').a, 1);
  });
});
