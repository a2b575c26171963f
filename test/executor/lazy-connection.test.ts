import { strict as assert } from 'node:assert';
import { LazyConnection } from '../../src/executor/connections.js';
import type { Connection, ReconnectOptions } from '../../src/connection/types.js';

/** A connection that logs its reconnects and closes. */
function fake(log: string[]): Connection {
  return {
    host: 'h1',
    kind: 'ssh',
    connect: async () => {},
    exec: async () => ({ rc: 0, stdout: Buffer.from('ok'), stderr: Buffer.alloc(0) }),
    put: async () => {},
    putFile: async () => {},
    get: async () => Buffer.alloc(0),
    close: async () => void log.push('close'),
    reconnect: async (opts?: ReconnectOptions) => void log.push(`reconnect ${JSON.stringify(opts)}`),
  };
}

describe('LazyConnection.reconnect (reboot, wait_for_connection)', () => {
  it('an open connection makes its link again itself, with the bounds given', async () => {
    const log: string[] = [];
    let opens = 0;
    const c = new LazyConnection('h1', async () => (opens++, fake(log)), 'ssh');
    await c.exec('true');
    await c.reconnect!({ connectTimeoutMs: 3000, once: true });
    assert.equal(opens, 1);
    assert.deepEqual(log, ['reconnect {"connectTimeoutMs":3000,"once":true}']);
  });

  it('one whose opening failed is opened anew (the failure is not kept), with the bounds given', async () => {
    const log: string[] = [];
    const asked: (ReconnectOptions | undefined)[] = [];
    let up = false;
    const c = new LazyConnection(
      'h1',
      async (opts) => {
        asked.push(opts);
        if (!up) throw new Error('connection refused');
        return fake(log);
      },
      'ssh',
    );
    await assert.rejects(c.exec('true'), /refused/);
    await assert.rejects(c.reconnect!({ once: true }), /refused/);
    up = true;
    await c.reconnect!({ once: true });
    assert.equal((await c.exec('true')).rc, 0);
    assert.deepEqual(asked, [undefined, { once: true }, { once: true }]);
    assert.deepEqual(log, []);
  });

  it('a local connection has none', () => {
    assert.equal(new LazyConnection('localhost', async () => fake([]), 'local').reconnect, undefined);
  });
});
