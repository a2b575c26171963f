import assert from 'node:assert/strict';
import { sysvStarted, verbOf, verbsFor } from '../../../src/modules/services/sysvinit-status.js';

describe("modules/services: sysvinit's status heuristics, as Ansible 2.14's", () => {
  const started = async (out: string, rc: number, ps?: string) =>
    sysvStarted({ name: 'demo', rc, out, ps: ps === undefined ? undefined : async () => ps });

  it('reads the words of a one-line status before its rc', async () => {
    assert.deepEqual(await started('demo is running\n', 3), { started: true, warnings: [] });
    assert.deepEqual(await started('demo is not running\n', 3), { started: false, warnings: [] });
    // "not " keeps the words from saying started, and then rc 0 does (Ansible's order)
    assert.deepEqual(await started('demo is not running\n', 0), { started: true, warnings: [] });
    assert.deepEqual(await started('demo stop/waiting\n', 0), { started: false, warnings: [] });
    // the service's own name is taken out first: "demo-started" alone says nothing
    assert.deepEqual(await started('Active: inactive (dead)\n', 0), { started: false, warnings: [] });
  });

  it('falls back to the usual rcs, rc 0, then ps (with its warning)', async () => {
    assert.deepEqual(await started('a\nb\nc\n', 3), { started: false, warnings: [] });
    assert.deepEqual(await started('a\nb\nc\n', 0), { started: true, warnings: [] });
    const viaPs = await started('a\nb\nc\n', 9, 'root 1 /usr/bin/demo\n');
    assert.equal(viaPs.started, true);
    assert.match(viaPs.warnings[0]!, /^Used ps output/);
    const unknown = await started('', 9, 'nothing here\n');
    assert.deepEqual(unknown, {
      started: false,
      warnings: ['Unable to determine if service is up, assuming it is down'],
    });
  });

  it('picks the verbs: restart is stop and start; reload always runs', () => {
    assert.equal(verbOf('stopped'), 'stop');
    assert.equal(verbOf('reloaded'), 'reload');
    assert.deepEqual(verbsFor('restart', false), ['stop', 'start']);
    assert.deepEqual(verbsFor('start', true), []);
    assert.deepEqual(verbsFor('start', false), ['start']);
    assert.deepEqual(verbsFor('stop', false), []);
    assert.deepEqual(verbsFor('reload', false), ['reload']);
    assert.deepEqual(verbsFor('reload', true), ['reload']);
  });
});
