import assert from 'node:assert/strict';
import { Templar } from '../../src/template/index.js';
import { OMIT, buildMagicVars, makeHostvars } from '../../src/vars/magic.js';
import { composeVars } from '../../src/vars/precedence.js';

describe('vars magic (special variables)', () => {
  const groups = { all: ['web1', 'web2'], ungrouped: [], pxe: ['web1', 'web2'], dhcp: ['web1'] };
  const inventory: Record<string, Record<string, unknown>> = {
    web1: { ansible_host: '10.0.0.1', role_ip: '{{ ansible_host }}' },
    web2: { ansible_host: '10.0.0.2', role_ip: '{{ ansible_host }}' },
  };
  const hostvars = makeHostvars(Object.keys(inventory), (h) => composeVars({ inventory: inventory[h] }));
  const magic = buildMagicVars({
    inventoryHostname: 'web1.example.org',
    groups,
    groupNames: ['pxe', 'dhcp'],
    hostvars,
    playHosts: ['web1', 'web2'],
    check: true,
    diff: false,
    playbookDir: '/srv/play',
    role: { name: 'tftp_server', path: '/srv/play/roles/tftp_server' },
  });
  const t = new Templar(composeVars({ inventory: inventory.web1, magic }));

  it('sets the names Ansible defines', () => {
    assert.equal(t.template('{{ inventory_hostname }}'), 'web1.example.org');
    assert.equal(t.template('{{ inventory_hostname_short }}'), 'web1');
    assert.deepEqual(t.template('{{ group_names }}'), ['dhcp', 'pxe']);
    assert.deepEqual(t.template('{{ groups.pxe }}'), ['web1', 'web2']);
    assert.deepEqual(t.template('{{ play_hosts }}'), ['web1', 'web2']);
    assert.deepEqual(t.template('{{ ansible_play_hosts }}'), ['web1', 'web2']);
    assert.equal(t.template('{{ ansible_check_mode }}'), true);
    assert.equal(t.template('{{ ansible_diff_mode }}'), false);
    assert.equal(t.template('{{ role_path }}/files'), '/srv/play/roles/tftp_server/files');
    assert.equal(t.template('{{ role_name }}'), 'tftp_server');
    assert.equal(t.template('{{ playbook_dir }}'), '/srv/play');
    assert.equal(t.template('{{ ansible_version.major }}'), '2');
    assert.equal(t.template('{{ omit }}'), OMIT);
  });

  it('hostvars resolves another host lazily with its own variables', () => {
    assert.equal(t.template("{{ hostvars['web2'].role_ip }}"), '10.0.0.2');
    assert.equal(t.template("{{ hostvars['web2']['ansible_host'] }}"), '10.0.0.2');
    assert.deepEqual(Object.keys(hostvars), ['web1', 'web2']);
    assert.throws(
      () => t.template("{{ hostvars['web2'].nothing }}"),
      /'hostvars.web2' has no attribute 'nothing'/,
    );
  });
});
