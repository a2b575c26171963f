import { strict as assert } from 'node:assert';
import { applyInventoryChange, refreshInventory } from '../../src/executor/dynamic-inventory.js';
import { emptyInventory, addHost, reconcile } from '../../src/inventory/model.js';
import { groupsMap } from '../../src/inventory/index.js';

function inventory() {
  const inv = emptyInventory();
  addHost(inv, 'h1', undefined);
  reconcile(inv);
  return inv;
}

describe('dynamic inventory (add_host, group_by results)', () => {
  it('group_by puts the host into a new group under its parents; again it changes nothing', () => {
    const inv = inventory();
    const res = { changed: false, add_group: 'g', parent_groups: ['p'] };
    assert.equal(applyInventoryChange(inv, 'h1', res).changed, true);
    assert.deepEqual(groupsMap(inv).g, ['h1']);
    assert.deepEqual(groupsMap(inv).p, ['h1']);
    // no longer ungrouped once in a group
    assert.deepEqual(groupsMap(inv).ungrouped, []);
    assert.equal(applyInventoryChange(inv, 'h1', res).changed, false);
  });

  it('add_host adds the host with vars and groups; the same again is no change, new vars are', () => {
    const inv = inventory();
    const res = { changed: false, add_host: { host_name: 'n', groups: ['a'], host_vars: { x: 1 } } };
    assert.equal(applyInventoryChange(inv, 'h1', res).changed, true);
    assert.deepEqual(inv.hosts.get('n')!.vars, { x: 1 });
    assert.deepEqual(groupsMap(inv).a, ['n']);
    assert.equal(applyInventoryChange(inv, 'h1', res).changed, false);
    const more = { changed: false, add_host: { host_name: 'n', groups: [], host_vars: { y: 2 } } };
    assert.equal(applyInventoryChange(inv, 'h1', more).changed, true);
    assert.deepEqual(inv.hosts.get('n')!.vars, { x: 1, y: 2 });
  });

  it('force_valid_group_names: names made safe (always) or kept (never), warned once per run', () => {
    const inv = emptyInventory('always');
    addHost(inv, 'h1', undefined);
    reconcile(inv);
    const first = applyInventoryChange(inv, 'h1', { changed: false, add_group: 'os-x', parent_groups: [] });
    assert.deepEqual(groupsMap(inv).os_x, ['h1']);
    assert.equal(inv.groups.has('os-x'), false);
    assert.match(String(first.warnings), /automatically replaced/);
    const added = { changed: false, add_host: { host_name: 'n', groups: ['2nd.g'], host_vars: {} } };
    const second = applyInventoryChange(inv, 'h1', added);
    assert.deepEqual(groupsMap(inv)._nd_g, ['n']);
    assert.equal(second.warnings, undefined);

    const kept = emptyInventory('never');
    addHost(kept, 'h1', undefined);
    const res = applyInventoryChange(kept, 'h1', { changed: false, add_group: 'os-x', parent_groups: [] });
    assert.deepEqual(groupsMap(kept)['os-x'], ['h1']);
    assert.match(String(res.warnings), /but not replaced/);
  });

  it('leaves failed results and other modules alone', () => {
    const inv = inventory();
    const failed = { changed: false, failed: true, add_group: 'g', parent_groups: ['all'] };
    assert.equal(applyInventoryChange(inv, 'h1', failed), failed);
    assert.equal(inv.groups.has('g'), false);
  });

  it('refresh takes the reloaded inventory in place and applies the changes of the run again', () => {
    const inv = inventory();
    addHost(inv, 'gone', undefined);
    const changes = [
      { host: 'gone', res: { changed: true, add_group: 'g', parent_groups: [] } },
      { host: 'h1', res: { changed: true, add_group: 'g', parent_groups: [] } },
      { host: 'h1', res: { changed: true, add_host: { host_name: 'n', groups: ['a'], host_vars: {} } } },
    ];
    for (const c of changes) applyInventoryChange(inv, c.host, c.res);
    const hostsBefore = inv.hosts;
    refreshInventory(inv, inventory(), changes);
    assert.notEqual(inv.hosts, hostsBefore);
    // a host the sources no longer hold stays out, also where a group_by named it
    assert.deepEqual([...inv.hosts.keys()], ['h1', 'n']);
    assert.deepEqual(groupsMap(inv).g, ['h1']);
    assert.deepEqual(groupsMap(inv).a, ['n']);
  });
});
