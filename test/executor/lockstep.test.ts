import { strict as assert } from 'node:assert';
import { Lockstep } from '../../src/executor/lockstep.js';
import type { Block, Task } from '../../src/playbook/types.js';

const pos = { file: 'x.yml', line: 1, col: 1 };
const task = (name: string): Task => ({ type: 'task', name, action: 'debug', args: {}, kw: {}, pos });

describe('lockstep inside a block', () => {
  // block: [a, b], rescue: [r], always: [z]
  const [a, b, r, z] = ['a', 'b', 'r', 'z'].map(task) as [Task, Task, Task, Task];
  const block: Block = { type: 'block', block: [a, b], rescue: [r], always: [z], kw: {}, pos };

  it('releases the hosts waiting at the earliest task in source order; the others wait', async () => {
    const ls = new Lockstep(block, ['h1', 'h2'], 5);
    const seen: string[] = [];
    const host = async (h: string, path: Task[]): Promise<void> => {
      for (const t of path) {
        await ls.arrive(h, t);
        seen.push(`${h}:${t.name}`);
        await new Promise((res) => setTimeout(res, h === 'h1' ? 5 : 0));
      }
      ls.done(h);
    };
    // h1 fails at a and goes to the rescue, h2 goes on with b: b comes first in the block's
    // source order (Ansible's task cursor), then the rescue, then both at z
    await Promise.all([host('h1', [a, r, z]), host('h2', [a, b, z])]);
    assert.deepEqual(seen.slice(0, 4), ['h1:a', 'h2:a', 'h2:b', 'h1:r']);
    assert.deepEqual(seen.slice(4).sort(), ['h1:z', 'h2:z']);
  });

  it('lets a task outside the block through at once, and no more than forks hosts run together', async () => {
    const ls = new Lockstep(block, ['h1', 'h2', 'h3'], 2);
    await ls.arrive('h1', task('included'));
    let running = 0;
    let most = 0;
    await Promise.all(
      ['h1', 'h2', 'h3'].map(async (h) => {
        await ls.arrive(h, a);
        most = Math.max(most, ++running);
        await new Promise((res) => setTimeout(res, 5));
        running--;
        ls.done(h);
      }),
    );
    assert.equal(most, 2);
  });
});
