import { strict as assert } from 'node:assert';
import { waitForConnection } from '../../../src/modules/system/wait-for-connection.js';
import type { ReconnectOptions } from '../../../src/connection/types.js';
import { fakeContext } from '../commands/helpers.js';

describe('wait_for_connection', function () {
  this.timeout(10000);

  it('makes the connection again until it holds and a command answers; elapsed in whole seconds', async () => {
    const tries: (ReconnectOptions | undefined)[] = [];
    const ctx = fakeContext({
      answers: [{ match: 'echo pong', stdout: 'pong\n' }],
      reconnect: async (opts) => {
        tries.push(opts);
        if (tries.length < 3) throw new Error('connection refused');
      },
    });
    const r = await waitForConnection.run(ctx, { sleep: 0, connect_timeout: 2, timeout: 5 });
    assert.deepEqual(r, { changed: false, elapsed: 0 });
    assert.equal(tries.length, 3);
    // connect_timeout bounds each try, and the try is one (no ssh_retry inside it)
    assert.deepEqual(tries[0], { connectTimeoutMs: 2000, once: true });
    assert.deepEqual(ctx.ran, ['echo pong']);
  });

  it('fails after timeout with the last error, in Ansible words', async () => {
    let tries = 0;
    const ctx = fakeContext({
      reconnect: async () => {
        tries++;
        throw new Error('root@10.0.0.1:22: connect ECONNREFUSED');
      },
    });
    const r = await waitForConnection.run(ctx, { sleep: 1, timeout: 1 });
    assert.equal(r.failed, true);
    assert.equal(r.msg, 'timed out waiting for ping module test: root@10.0.0.1:22: connect ECONNREFUSED');
    assert.equal(r.elapsed, 1);
    assert.equal(tries, 1);
  });

  it('a command that does not answer pong is a failed try', async () => {
    const ctx = fakeContext({ answers: [{ match: 'echo pong', stdout: '' }], reconnect: async () => {} });
    const r = await waitForConnection.run(ctx, { sleep: 1, timeout: 1 });
    assert.equal(r.msg, 'timed out waiting for ping module test: ping test failed');
  });

  it('is skipped in check mode without a try; timeout 0 is refused (no try could be made)', async () => {
    let tries = 0;
    const reconnect = async () => void tries++;
    assert.deepEqual(await waitForConnection.run(fakeContext({ check: true, reconnect }), {}), {
      changed: false,
      skipped: true,
    });
    const z = await waitForConnection.run(fakeContext({ reconnect }), { timeout: 0 });
    assert.equal(z.msg, 'timeout must be above 0, got 0');
    assert.equal(tries, 0);
  });

  it('waits delay seconds before the first try', async () => {
    const ctx = fakeContext({ answers: [{ match: 'echo pong', stdout: 'pong' }], reconnect: async () => {} });
    const t0 = Date.now();
    const r = await waitForConnection.run(ctx, { delay: 1 });
    assert.ok(Date.now() - t0 >= 1000);
    assert.equal(r.elapsed, 1);
  });
});
