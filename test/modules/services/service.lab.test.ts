import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { labContexts } from '../system/lab-context.js';
import { service } from '../../../src/modules/services/service.js';

const SYSV = { os_family: 'Debian', service_mgr: 'sysvinit' };

describe('modules/services: service under sysvinit on a lab host (real init script, update-rc.d) @lab', function () {
  this.timeout(120000);
  const lab = useLab({ hosts: 1 });
  const h = labContexts(lab);
  after(() => h.close());
  const running = async () =>
    (await lab.exec('h1', 'service tftpd-hpa status >/dev/null 2>&1; echo $?')).stdout.trim() === '0';
  const links = async () =>
    (await lab.exec('h1', 'ls /etc/rc2.d /etc/rc3.d | grep tftpd-hpa | sort -u')).stdout.trim();

  it('starts tftpd-hpa and disables it at boot; re-run, check mode, diff', async () => {
    await lab.exec('h1', 'service tftpd-hpa stop; update-rc.d tftpd-hpa enable');
    assert.equal(await running(), false);
    const args = { name: 'tftpd-hpa', state: 'started', enabled: false };
    const snap = h.snapshot();
    const c1 = await service.run(await h.ctx({ check: true, diff: true, facts: SYSV }), args);
    assert.equal(c1.changed, true);
    const diff = c1.diff as { before: Record<string, unknown>; after: Record<string, unknown> };
    assert.equal(diff.before.state, 'stopped');
    assert.equal(diff.after.enabled, false);
    assert.equal(await running(), false);
    assert.equal(h.snapshot(), snap, 'check mode wrote nothing');
    const r = await service.run(await h.ctx({ facts: SYSV }), args);
    assert.equal(r.changed, true);
    assert.equal(r.state, 'started');
    assert.equal(await running(), true);
    assert.equal(await links(), 'K01tftpd-hpa');
    assert.equal((await service.run(await h.ctx({ facts: SYSV }), args)).changed, false);
    assert.equal((await service.run(await h.ctx({ check: true, facts: SYSV }), args)).changed, false);
  });

  it('enables, restarts (always a change), stops; a missing service fails clearly', async () => {
    assert.equal(
      (await service.run(await h.ctx({ facts: SYSV }), { name: 'tftpd-hpa', enabled: true })).changed,
      true,
    );
    assert.equal(await links(), 'S01tftpd-hpa');
    const pid1 = (await lab.exec('h1', 'pidof in.tftpd')).stdout.trim();
    assert.equal(
      (await service.run(await h.ctx({ facts: SYSV }), { name: 'tftpd-hpa', state: 'restarted' })).changed,
      true,
    );
    const pid2 = (await lab.exec('h1', 'pidof in.tftpd')).stdout.trim();
    assert.ok(pid2 && pid2 !== pid1, `restarted: ${pid1} -> ${pid2}`);
    assert.equal(
      (await service.run(await h.ctx({ facts: SYSV }), { name: 'tftpd-hpa', state: 'stopped' })).changed,
      true,
    );
    assert.equal(await running(), false);
    assert.equal(
      (await service.run(await h.ctx({ facts: SYSV }), { name: 'tftpd-hpa', state: 'stopped' })).changed,
      false,
    );
    const r = await service.run(await h.ctx({ facts: SYSV }), { name: 'no-such-daemon', state: 'started' });
    assert.equal(r.failed, true);
    assert.equal(r.msg, 'Could not find the requested service no-such-daemon: host');
  });

  it('without facts, finds sysvinit itself', async () => {
    const r = await service.run(await h.ctx(), { name: 'tftpd-hpa', state: 'started' });
    assert.equal(r.changed, true);
    assert.equal(await running(), true);
    await service.run(await h.ctx(), { name: 'tftpd-hpa', state: 'stopped' });
  });
});
