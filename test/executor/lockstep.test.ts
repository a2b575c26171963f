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

describe('lockstep through an include_tasks', () => {
  const inc = task('include');
  const after = task('after');
  const root: Block = { type: 'block', block: [inc, after], rescue: [], always: [], kw: {}, pos };
  // a loaded copy of an included file: its tasks are new nodes each time
  const file = (name: string) => () => [task(`${name}1`), task(`${name}2`)];
  /** the tasks a file include brought, as blocks.ts asks for them */
  const included = (ls: Lockstep, include: Task, host: string, key: string, load: () => Task[]) =>
    ls.includedOnce(include, host, key, load, (nodes) => nodes);

  it('shares a file among the hosts that included it, and runs the files in the order first included', async () => {
    const ls = new Lockstep(root, ['h1', 'h2', 'h3'], 5);
    const loads: string[] = [];
    const counted = (name: string) => () => (loads.push(name), file(name)());
    // as each host's include result comes: h1 loops [h1, z], h2 [h2, z], h3 [z]
    const mine = {
      h1: [included(ls, inc, 'h1', 'h1', counted('h1')), included(ls, inc, 'h1', 'z', counted('z'))],
      h2: [included(ls, inc, 'h2', 'h2', counted('h2')), included(ls, inc, 'h2', 'z', counted('z'))],
      h3: [included(ls, inc, 'h3', 'z', counted('z'))],
    };
    assert.deepEqual(loads, ['h1', 'z', 'h2'], 'z is loaded once, by the first host that included it');
    assert.equal(mine.h1[1], mine.h2[1]);
    // Ansible: h2 runs z (first included by h1) before its own h2
    assert.deepEqual(ls.runOrder(mine.h2), [1, 0]);
    assert.deepEqual(ls.runOrder(mine.h1), [0, 1]);
    const seen: string[] = [];
    const host = async (h: keyof typeof mine): Promise<void> => {
      for (const i of ls.runOrder(mine[h]))
        for (const t of mine[h][i]!) {
          await ls.arrive(h, t);
          seen.push(`${h}:${t.name}`);
          await new Promise((res) => setTimeout(res, 1));
        }
      await ls.arrive(h, after);
      seen.push(`${h}:after`);
      ls.done(h);
    };
    await Promise.all([host('h1'), host('h2'), host('h3')]);
    const step = (names: string[]) => names.sort();
    assert.deepEqual(
      [
        seen.slice(0, 2),
        step(seen.slice(2, 5)),
        step(seen.slice(5, 8)),
        seen.slice(8, 10),
        step(seen.slice(10)),
      ],
      [
        ['h1:h11', 'h1:h12'],
        ['h1:z1', 'h2:z1', 'h3:z1'],
        ['h1:z2', 'h2:z2', 'h3:z2'],
        ['h2:h21', 'h2:h22'],
        ['h1:after', 'h2:after', 'h3:after'],
      ],
    );
  });

  it('gives a host that includes the same file twice a copy of its own the second time', () => {
    const ls = new Lockstep(root, ['h1', 'h2'], 5);
    const first = included(ls, inc, 'h1', 'f', file('f'));
    const again = included(ls, inc, 'h1', 'f', file('f'));
    assert.notEqual(first, again);
    assert.equal(included(ls, inc, 'h2', 'f', file('f')), first);
    assert.deepEqual(ls.runOrder([again, first]), [1, 0]);
  });

  it('an include outside the step loads its own tasks each time, run without the barrier', async () => {
    const ls = new Lockstep(root, ['h1', 'h2'], 5);
    const outside = task('elsewhere');
    const one = included(ls, outside, 'h1', 'f', file('f'));
    assert.notEqual(included(ls, outside, 'h2', 'f', file('f')), one);
    await ls.arrive('h1', one[0]!); // resolves at once: h2 is not waited for
  });
});

describe('lockstep: a task the hosts released together do at once (flush_handlers)', () => {
  const [m, n] = ['meta', 'next'].map(task) as [Task, Task];
  const root: Block = { type: 'block', block: [m, n], rescue: [], always: [], kw: {}, pos };

  it('runs once for the hosts that came, after the last of them, not waiting for one that went on', async () => {
    // forks 1: a waiting host must give its place, or the others could never come
    const ls = new Lockstep(root, ['h1', 'h2', 'h3'], 1);
    const runs: string[][] = [];
    const seen: string[] = [];
    await Promise.all(
      ['h1', 'h2', 'h3'].map(async (h) => {
        await ls.arrive(h, m);
        if (h !== 'h2')
          await ls.gather(h, async (hosts) => {
            runs.push([...hosts].sort());
          });
        seen.push(h);
        await ls.arrive(h, n);
        ls.done(h);
      }),
    );
    assert.deepEqual(runs, [['h1', 'h3']]);
    assert.deepEqual([...seen].sort(), ['h1', 'h2', 'h3']);
  });

  it('outside a step, a host runs it for itself', async () => {
    const ls = new Lockstep(root, ['h1', 'h2'], 5);
    const runs: string[][] = [];
    await ls.gather('h1', async (hosts) => void runs.push(hosts));
    assert.deepEqual(runs, [['h1']]);
  });
});
