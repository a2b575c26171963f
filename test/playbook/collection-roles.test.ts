import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlaybook } from '../../src/playbook/index.js';
import { collectionRolePaths } from '../../src/playbook/roles.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('roles from collections, roles with an empty argument spec', () => {
  it('finds ns.coll.role in the collections/ beside the playbook', () => {
    const dir = tempDirUntilExit('coll');
    const role = join(dir, 'collections/ansible_collections/ns/coll/roles/r');
    mkdirSync(join(role, 'tasks'), { recursive: true });
    mkdirSync(join(role, 'meta'), { recursive: true });
    writeFileSync(join(role, 'tasks/main.yml'), '- debug: msg=hi\n');
    // Ansible reads an empty argument_specs: as no spec at all
    writeFileSync(join(role, 'meta/argument_specs.yml'), 'argument_specs:\n');
    writeFileSync(join(dir, 'site.yml'), '- hosts: all\n  roles: [ns.coll.r]\n');
    const pb = loadPlaybook(join(dir, 'site.yml'), { rolesPath: [] });
    const r = pb.plays[0]!.roles[0]!;
    assert.equal(r.path, role);
    assert.equal(r.argumentSpec, undefined);
  });

  it('looks in ANSIBLE_COLLECTIONS_PATH, and only for a three-part name', () => {
    const before = process.env.ANSIBLE_COLLECTIONS_PATH;
    process.env.ANSIBLE_COLLECTIONS_PATH = '/a:/b';
    try {
      assert.deepEqual(collectionRolePaths('/pb', 'x.y.z'), [
        '/pb/collections/ansible_collections/x/y/roles/z',
        '/a/ansible_collections/x/y/roles/z',
        '/b/ansible_collections/x/y/roles/z',
      ]);
      assert.deepEqual(collectionRolePaths('/pb', 'galaxy.role'), []);
    } finally {
      if (before === undefined) delete process.env.ANSIBLE_COLLECTIONS_PATH;
      else process.env.ANSIBLE_COLLECTIONS_PATH = before;
    }
  });
});
