import assert from 'node:assert/strict';
import { service } from '../../../src/modules/services/service.js';
import { systemd } from '../../../src/modules/services/systemd.js';
import { parseSysvProbe } from '../../../src/modules/services/observe.js';
import {
  sysvCommands,
  systemdCommands,
  systemdState,
  parseShow,
} from '../../../src/modules/services/service-plan.js';
import { getModule } from '../../../src/modules/registry.js';
import { fakeContext, schemaErrors } from '../commands/helpers.js';

const SHOW_STOPPED =
  'Id=dhcpd.service\nLoadState=loaded\nActiveState=inactive\nSubState=dead\nUnitFileState=disabled\nMainPID=0\n';
const SHOW_RUNNING =
  'Id=dhcpd.service\nLoadState=loaded\nActiveState=active\nSubState=running\nUnitFileState=enabled\nMainPID=42\n';
const SYSTEMD = { service_mgr: 'systemd' };

describe('modules/services: systemd and service (pinned commands for systemd facts)', () => {
  it('reads systemctl show and plans systemctl verbs (pure)', () => {
    const cur = systemdState(parseShow(SHOW_STOPPED));
    assert.deepEqual(cur, { exists: true, running: false, enabled: false, masked: false });
    assert.deepEqual(systemdCommands('dhcpd', cur, { state: 'started', enabled: true }), [
      ['systemctl', 'enable', 'dhcpd'],
      ['systemctl', 'start', 'dhcpd'],
    ]);
    const run = systemdState(parseShow(SHOW_RUNNING));
    assert.deepEqual(systemdCommands('dhcpd', run, { state: 'started', enabled: true }), []);
    assert.deepEqual(systemdCommands('dhcpd', run, { state: 'reloaded' }), [
      ['systemctl', 'reload', 'dhcpd'],
    ]);
    assert.deepEqual(systemdCommands('x', { ...run, masked: true }, { masked: false, state: 'restarted' }), [
      ['systemctl', 'unmask', 'x'],
      ['systemctl', 'restart', 'x'],
    ]);
    assert.equal(systemdState(parseShow('LoadState=not-found\nActiveState=inactive\n')).exists, false);
  });

  it('converges from nothing with daemon_reload and a diff; re-run and check mode', async () => {
    const ctx = fakeContext({
      facts: SYSTEMD,
      diff: true,
      answers: [{ match: 'systemctl show', stdout: SHOW_STOPPED }],
    });
    const r = await service.run(ctx, { name: 'dhcpd', state: 'started', enabled: true });
    assert.equal(r.changed, true);
    assert.deepEqual(ctx.ran, [
      'systemctl show dhcpd --property=Id,LoadState,ActiveState,SubState,UnitFileState,MainPID',
      'systemctl enable dhcpd',
      'systemctl start dhcpd',
    ]);
    const diff = r.diff as { before: Record<string, unknown>; after: Record<string, unknown> };
    assert.equal(diff.before.state, 'stopped');
    assert.equal(diff.after.state, 'started');
    const d = fakeContext({ answers: [{ match: 'systemctl show', stdout: SHOW_STOPPED }] });
    await systemd.run(d, { name: 'dhcpd', state: 'started', daemon_reload: true });
    assert.deepEqual(d.ran.slice(0, 1), ['systemctl daemon-reload']);
    const again = fakeContext({
      facts: SYSTEMD,
      answers: [{ match: 'systemctl show', stdout: SHOW_RUNNING }],
    });
    assert.equal(
      (await service.run(again, { name: 'dhcpd', state: 'started', enabled: true })).changed,
      false,
    );
    const chk = fakeContext({
      facts: SYSTEMD,
      check: true,
      answers: [{ match: 'systemctl show', stdout: SHOW_STOPPED }],
    });
    assert.equal(
      (await systemd.run(chk, { name: 'dhcpd', state: 'started', daemon_reload: true })).changed,
      true,
    );
    assert.equal(chk.ran.length, 1, 'check mode only reads');
    const chk2 = fakeContext({ check: true, answers: [{ match: 'systemctl show', stdout: SHOW_RUNNING }] });
    assert.equal(
      (await systemd.run(chk2, { name: 'dhcpd', state: 'started', enabled: 'yes' })).changed,
      false,
    );
  });

  it("runs the manager's module as Ansible's service action: its module_defaults, systemd's unused arguments dropped with a warning", async () => {
    const ctx = Object.assign(
      fakeContext({ facts: SYSTEMD, answers: [{ match: 'systemctl show', stdout: SHOW_RUNNING }] }),
      { defaultsOf: (m: string) => (m === 'systemd' ? { daemon_reload: true } : {}) },
    );
    const r = await service.run(ctx, {
      name: 'dhcpd',
      state: 'started',
      sleep: 3,
      args: '-q',
      pattern: 'dh',
    });
    assert.equal(r.failed, undefined, String(r.msg));
    // Ansible's words and order (ansible-playbook 2.14, `use: systemd` with these arguments)
    assert.deepEqual(ctx.warnings, [
      'Ignoring "pattern" as it is not used in "systemd"',
      'Ignoring "sleep" as it is not used in "systemd"',
      'Ignoring "args" as it is not used in "systemd"',
    ]);
    assert.equal(ctx.ran[0], 'systemctl daemon-reload', "systemd's module_defaults reached it");
    assert.ok((r.status as Record<string, string>).ActiveState, "the systemd module's result");

    const bad = Object.assign(fakeContext({ facts: SYSTEMD }), { defaultsOf: () => ({ not_systemd: 1 }) });
    const refused = await service.run(bad, { name: 'dhcpd', state: 'started' });
    assert.equal(refused.failed, true);
    assert.equal(refused.msg, "module 'systemd' (run by service): unsupported parameter 'not_systemd'");
    assert.deepEqual(bad.ran, [], 'nothing ran');
  });

  it('under sysvinit, an argument only the sysvinit module reads runs that module; elsewhere it is refused', async () => {
    const sysv = fakeContext({ facts: { service_mgr: 'sysvinit' }, answers: [{ match: '', stdout: '' }] });
    const r = await service.run(sysv, { name: 'nosuch', state: 'started', sleep: 2 });
    // the sysvinit module's probe of the script and its rc?.d links ran (service's path runs `service NAME status`)
    assert.equal(r.failed, true);
    assert.match(sysv.ran.join('\n'), /linked\(\)/);
    const runlevel = await service.run(fakeContext({ facts: { service_mgr: 'sysvinit' } }), {
      name: 'x',
      state: 'started',
      runlevel: '3',
    });
    assert.equal(runlevel.msg, "module 'sysvinit' (run by service): unsupported parameter 'runlevel'");
    const plain = await service.run(fakeContext({ facts: { service_mgr: 'service' } }), {
      name: 'x',
      state: 'started',
      pattern: 'x',
    });
    assert.equal(plain.failed, true);
    assert.match(
      String(plain.msg),
      /fabplay does not implement pattern where the service manager is 'service'/,
    );
  });

  it('plans sysvinit verbs with update-rc.d or chkconfig (pure)', () => {
    assert.deepEqual(parseSysvProbe('status=3\nenabled=no\n'), {
      state: { exists: true, running: false, enabled: false },
      tool: 'update-rc.d',
    });
    assert.deepEqual(
      parseSysvProbe('status=0\nchkconfig=dhcpd 0:off 1:off 2:on 3:on 4:on 5:on 6:off\n').state.enabled,
      true,
    );
    assert.equal(parseSysvProbe('missing\n').state.exists, false);
    const cur = { exists: true, running: false, enabled: false };
    assert.deepEqual(sysvCommands('tftpd-hpa', cur, { state: 'started', enabled: true }, 'update-rc.d'), [
      ['update-rc.d', 'tftpd-hpa', 'defaults'],
      ['update-rc.d', 'tftpd-hpa', 'enable'],
      ['service', 'tftpd-hpa', 'start'],
    ]);
    assert.deepEqual(sysvCommands('dhcpd', cur, { enabled: true }, 'chkconfig'), [
      ['chkconfig', 'dhcpd', 'on'],
    ]);
    assert.deepEqual(sysvCommands('dhcpd', { ...cur, running: true }, { state: 'started' }, 'chkconfig'), []);
  });

  it('fails clearly for a missing unit and bad arguments', async () => {
    const ctx = fakeContext({
      facts: SYSTEMD,
      answers: [{ match: 'systemctl show', stdout: 'LoadState=not-found\n' }],
    });
    const r = await service.run(ctx, { name: 'nope', state: 'started' });
    assert.equal(r.failed, true);
    assert.equal(r.msg, 'Could not find the requested service nope: host');
    assert.ok(schemaErrors(service, { name: 'x', state: 'running' }).length > 0);
    assert.ok(schemaErrors(systemd, { name: 'x', enabled: 'sometimes' }).length > 0);
    // under systemd, the systemd module judges (its defaults count as given, as in Ansible)
    const none = await service.run(fakeContext({ facts: { service_mgr: 'service' } }), { name: 'x' });
    assert.equal(none.msg, 'one of the following is required: state, enabled');
    const nameless = await service.run(fakeContext({ facts: { service_mgr: 'sysvinit' } }), {
      state: 'started',
    });
    assert.equal(nameless.msg, 'missing required arguments: name');
    assert.equal(getModule('ansible.builtin.systemd_service'), systemd);
  });
});
