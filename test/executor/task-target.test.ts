import { strict as assert } from 'node:assert';
import type { Keywords, Task } from '../../src/playbook/types.js';
import { childScope, rootScope } from '../../src/executor/scope.js';
import { targetPerItem } from '../../src/executor/task-target.js';

const task = (kw: Keywords): Task => ({ type: 'task', action: 'command', args: {}, kw }) as unknown as Task;

describe('executor: a looped task target per item', () => {
  const scope = rootScope({});

  it('plain become and connection keywords are rendered once: the loop keeps its files fetched ahead', () => {
    const t = task({ loop: [1, 2], become: true, become_user: 'nobody', connection: 'local', timeout: 5 });
    assert.equal(targetPerItem(scope, t), false);
  });

  it('a templated become, connection keyword, timeout or environment (any layer) is rendered per item', () => {
    for (const kw of [
      { become_user: '{{ item }}' },
      { become: '{{ item }}' },
      { port: '{% if item %}22{% endif %}' },
      { timeout: '{{ item }}' },
      { environment: { X: '{{ item }}' } },
      { environment: [{ X: ['{{ item }}'] }] },
    ])
      assert.equal(targetPerItem(scope, task({ loop: [1], ...kw })), true, JSON.stringify(kw));
    assert.equal(
      targetPerItem(childScope(scope, { environment: { Y: '{{ item }}' } }), task({ loop: [1] })),
      true,
    );
    assert.equal(targetPerItem(rootScope({ become_user: '{{ item }}' }), task({ with_items: [1] })), true);
  });

  it('a templated ansible_ variable of the task, its blocks or include is rendered per item; others are not', () => {
    assert.equal(
      targetPerItem(scope, task({ loop: [1], vars: { ansible_become_user: '{{ item }}' } })),
      true,
    );
    const block = childScope(scope, {}, { blockVars: { ansible_become_user: '{{ item }}' } });
    assert.equal(targetPerItem(block, task({ loop: [1] })), true);
    const include = childScope(scope, {}, { includeVars: { ansible_user: '{{ item }}' } });
    assert.equal(targetPerItem(include, task({ loop: [1] })), true);
    assert.equal(
      targetPerItem(scope, task({ loop: [1], vars: { path: '{{ item }}', ansible_user: 'x' } })),
      false,
    );
  });

  it('delegate_to is always per item; a task without a loop never is', () => {
    assert.equal(targetPerItem(scope, task({ loop: [1], delegate_to: 'h2' })), true);
    assert.equal(targetPerItem(scope, task({ become_user: '{{ item }}' })), false);
  });
});
