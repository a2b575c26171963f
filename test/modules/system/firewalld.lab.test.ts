import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { labContexts } from './lab-context.js';
import { firewalld } from '../../../src/modules/system/firewalld.js';

// firewalld runs inside the lab host with its own system dbus, on the host's own network namespace.
describe('modules/system: firewalld on a lab host (real firewall-cmd, own dbus) @lab', function () {
  // firewall-cmd takes a second or two per call here
  this.timeout(300000);
  const lab = useLab({ hosts: 1 });
  const h = labContexts(lab);
  after(() => h.close());
  const q = async (args: string) => (await lab.exec('h1', `firewall-cmd ${args}`)).stdout.trim();

  before(async function () {
    if ((await lab.exec('h1', 'command -v firewalld')).rc !== 0) this.skip(); // scripts/setup.sh installs it
    const r = await lab.exec(
      'h1',
      'mkdir -p /run/dbus && dbus-daemon --system --fork && firewalld && ' +
        'for i in $(seq 1 40); do firewall-cmd --state >/dev/null 2>&1 && exit 0; sleep 0.5; done; exit 1',
    );
    assert.equal(r.rc, 0, r.stderr);
  });

  it('opens tftp and 4011/udp (PXE proxyDHCP) permanently and at once; re-run, check mode, diff', async () => {
    const args = {
      service: 'tftp',
      port: '4011/udp',
      zone: 'public',
      state: 'enabled',
      permanent: true,
      immediate: true,
    };
    const snap = h.snapshot();
    const c1 = await firewalld.run(await h.ctx({ check: true, diff: true }), args);
    assert.equal(c1.changed, true);
    assert.ok(c1.diff);
    assert.equal(await q('--zone=public --query-service=tftp'), 'no');
    assert.equal(h.snapshot(), snap, 'check mode wrote nothing');
    const r = await firewalld.run(await h.ctx(), args);
    assert.equal(r.changed, true);
    assert.equal(await q('--zone=public --query-service=tftp'), 'yes');
    assert.equal(await q('--permanent --zone=public --query-service=tftp'), 'yes');
    assert.equal(await q('--zone=public --query-port=4011/udp'), 'yes');
    assert.equal((await firewalld.run(await h.ctx(), args)).changed, false);
    assert.equal((await firewalld.run(await h.ctx({ check: true }), args)).changed, false);
  });

  it('runtime only, then disabled; a bad zone fails naming the command', async () => {
    const rt = { service: 'http', state: 'enabled' };
    assert.equal((await firewalld.run(await h.ctx(), rt)).changed, true);
    assert.equal(await q('--query-service=http'), 'yes');
    assert.equal(await q('--permanent --query-service=http'), 'no');
    assert.equal((await firewalld.run(await h.ctx(), { ...rt, state: 'disabled' })).changed, true);
    assert.equal(await q('--query-service=http'), 'no');
    const bad = await firewalld.run(await h.ctx(), {
      service: 'http',
      zone: 'no-such-zone',
      state: 'enabled',
    });
    assert.equal(bad.failed, true);
    assert.match(
      String(bad.msg),
      /firewall-cmd --zone=no-such-zone --query-service=http failed on h1: .*INVALID_ZONE/,
    );
  });
});
