import assert from 'node:assert/strict';
import { connect, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor, portProbe, searchIn } from '../../../src/modules/system/wait-for.js';
import {
  countActive,
  DEFAULT_ACTIVE_STATES,
  hexAddresses,
  procHex,
  stateIds,
} from '../../../src/modules/system/wait-for-drained.js';
import { makeContext } from '../../helpers/module-context.js';
import { schemaErrors } from '../commands/helpers.js';

describe('modules/system: wait_for (loopback port and files, local connection)', () => {
  let dir: string;
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer((s) => {
      s.on('error', () => {});
      s.end('SSH-2.0-fake ready\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-waitfor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the probe commands (pure) and reads Python named groups', () => {
    assert.deepEqual(portProbe('10.0.0.1', 22, 5, false), [
      'timeout',
      '5',
      'bash',
      '-c',
      'exec 3<>"/dev/tcp/$0/$1"',
      '10.0.0.1',
      '22',
      '5',
    ]);
    assert.equal(searchIn('a\nversion=12\n', '^version=(?P<v>\\d+)')?.groups?.v, '12');
  });

  it('waits for an open port, and a regex in what it sends; changed is false, check mode too', async () => {
    const r = await waitFor.run(makeContext(), { port, timeout: 5 });
    assert.equal(r.failed, undefined);
    assert.equal(r.changed, false);
    const m = await waitFor.run(makeContext({ check: true }), {
      port,
      search_regex: 'SSH-(\\S+)',
      timeout: 5,
    });
    assert.equal(m.failed, undefined);
    assert.deepEqual(m.match_groups, ['2.0-fake']);
  });

  it('times out on a closed port with a clear message; state stopped succeeds there', async () => {
    const closed = await new Promise<number>((res) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => res(p));
      });
    });
    const r = await waitFor.run(makeContext(), { port: closed, timeout: 1 });
    assert.equal(r.failed, true);
    assert.equal(r.msg, `Timeout when waiting for 127.0.0.1:${closed}`);
    const s = await waitFor.run(makeContext(), { port: closed, state: 'stopped', timeout: 2 });
    assert.equal(s.failed, undefined);
  });

  it('waits for a file to appear with content, and to go away', async () => {
    const f = join(dir, 'ready');
    setTimeout(() => writeFileSync(f, 'booting\nstatus: up\n'), 600);
    const r = await waitFor.run(makeContext(), { path: f, search_regex: 'status: (\\w+)', timeout: 5 });
    assert.equal(r.failed, undefined);
    assert.deepEqual(r.match_groups, ['up']);
    setTimeout(() => unlinkSync(f), 600);
    const g = await waitFor.run(makeContext(), { path: f, state: 'absent', timeout: 5 });
    assert.equal(g.failed, undefined);
    assert.ok(Number(g.elapsed) <= 3);
  });

  it('state drained: the /proc/net/tcp address form (pure)', () => {
    assert.equal(procHex('127.0.0.1', 4), '0100007F');
    assert.equal(procHex('::1', 6), '00000000000000000000000001000000');
    assert.equal(procHex('::ffff:127.0.0.1', 6), '0000000000000000FFFF00000100007F');
    const proc = [
      '@@4',
      '  sl  local_address rem_address   st tx_queue rx_queue',
      '   0: 0100007F:3BCD 00000000:0000 0A 00000000:00000000',
      '   1: 0100007F:3BCD 0100007F:D2F0 01 00000000:00000000',
      '   2: 0100007F:3BCD 0200007F:D2F1 06 00000000:00000000',
      '@@6',
      '   0: 0000000000000000FFFF00000100007F:3BCD 0000000000000000FFFF00000300007F:D2F2 01 0',
    ].join('\n');
    const w = {
      port: 0x3bcd,
      ips: hexAddresses(['127.0.0.1']),
      exclude: [],
      states: stateIds(DEFAULT_ACTIVE_STATES),
    };
    assert.equal(countActive(proc, w), 3, 'listening is not active; established, time-wait, mapped v6 are');
    assert.equal(countActive(proc, { ...w, exclude: hexAddresses(['127.0.0.2']) }), 2);
    assert.equal(countActive(proc, { ...w, states: stateIds(['TIME_WAIT']) }), 1);
    assert.throws(() => stateIds(['CLOSING']), /CLOSING is not a TCP state wait_for knows/);
  });

  it('state drained waits until no connection to the port is active (exclude_hosts left out)', async () => {
    const held = createServer((s) => s.on('error', () => {}));
    await new Promise<void>((r) => held.listen(0, '127.0.0.1', r));
    const p = (held.address() as AddressInfo).port;
    const client = connect(p, '127.0.0.1');
    await new Promise<void>((r) => client.on('connect', () => r()));
    try {
      const busy = await waitFor.run(makeContext(), { port: p, state: 'drained', timeout: 1 });
      assert.equal(busy.failed, true);
      assert.equal(busy.msg, `Timeout when waiting for 127.0.0.1:${p} to drain`);
      const excluded = await waitFor.run(makeContext(), {
        port: p,
        state: 'drained',
        exclude_hosts: ['127.0.0.1'],
        timeout: 2,
      });
      assert.equal(excluded.failed, undefined, String(excluded.msg));
      // the client closes first: its side keeps TIME_WAIT, the server's port is drained
      client.destroy();
      const drained = await waitFor.run(makeContext(), { port: p, state: 'drained', timeout: 5 });
      assert.equal(drained.failed, undefined, String(drained.msg));
      assert.equal(drained.state, 'drained');
      assert.equal(drained.port, p);
    } finally {
      client.destroy();
      await new Promise<void>((r) => held.close(() => r()));
    }
  });

  it('rejects bad arguments', async () => {
    assert.ok(schemaErrors(waitFor, { port: 22, state: 'drained-ish' }).length > 0);
    assert.ok(schemaErrors(waitFor, { port: 'ssh' }).length > 0);
    const r = await waitFor.run(makeContext(), { port: 22, path: '/x' });
    assert.equal(r.failed, true);
    assert.match(String(r.msg), /mutually exclusive/);
    const b = await waitFor.run(makeContext(), { path: '/x', search_regex: '(' });
    assert.match(String(b.msg), /not a valid regular expression/);
  });
});
