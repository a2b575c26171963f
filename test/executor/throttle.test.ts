import assert from 'node:assert/strict';
import { throttled } from '../../src/executor/throttle.js';

describe('executor: throttle', () => {
  it('runs at most `limit` at once for one task, and all of them in the end', async () => {
    const task = {};
    let active = 0;
    let most = 0;
    const done: number[] = [];
    const one = (i: number) =>
      throttled(task, 3, async () => {
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        done.push(i);
      });
    await Promise.all(Array.from({ length: 10 }, (_, i) => one(i)));
    assert.equal(most, 3);
    assert.equal(done.length, 10);
  });

  it('does not limit without a positive throttle', async () => {
    let active = 0;
    let most = 0;
    const run = () =>
      throttled({}, 0, async () => {
        most = Math.max(most, ++active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
      });
    await Promise.all([run(), run(), run()]);
    assert.equal(most, 3);
  });
});
