import { strict as assert } from 'node:assert';
import { startsAt } from '../../src/playbook/start-at-task.js';
import type { RoleInstance } from '../../src/playbook/types.js';

const role = { name: 'web' } as RoleInstance;

describe('--start-at-task matching (Ansible PlayIterator)', () => {
  it('matches the name, equal or as an fnmatch glob', () => {
    assert.ok(startsAt('install', { type: 'task', name: 'install', action: 'apt' }));
    assert.ok(startsAt('inst*', { type: 'task', name: 'install', action: 'apt' }));
    assert.ok(startsAt('a[1]', { type: 'task', name: 'a[1]', action: 'apt' }), 'equal before glob');
    assert.ok(!startsAt('a[1]', { type: 'task', name: 'a1x', action: 'apt' }));
    assert.ok(!startsAt('Install', { type: 'task', name: 'install', action: 'apt' }), 'case-sensitive');
  });

  it("matches a role task's full name `role : name`, an unnamed one's by its action", () => {
    assert.ok(startsAt('web : install', { type: 'task', name: 'install', action: 'apt', role }));
    assert.ok(startsAt('web : *', { type: 'task', name: 'install', action: 'apt', role }));
    assert.ok(startsAt('web : debug', { type: 'task', action: 'debug', role }));
    assert.ok(
      startsAt('ansible.builtin.debug', {
        type: 'task',
        action: 'debug',
        shownAction: 'ansible.builtin.debug',
      }),
    );
    assert.ok(startsAt('include_tasks', { type: 'include_tasks', args: {}, baseDir: '/' } as never));
  });
});
