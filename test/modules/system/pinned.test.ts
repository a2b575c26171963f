import assert from 'node:assert/strict';
import { firewalld, scopes } from '../../../src/modules/system/firewalld.js';
import { modprobe, inProcModules, isBuiltin } from '../../../src/modules/system/modprobe.js';
import { seboolean, sefcontext, findFcontext } from '../../../src/modules/system/selinux.js';
import { hostname } from '../../../src/modules/system/hostname.js';
import { setNetworkHostname, strategyForDistro } from '../../../src/modules/system/hostname-strategy.js';
import { reboot, rebootArgv } from '../../../src/modules/system/reboot.js';
import { userCommands, groupCommands, parseGroup } from '../../../src/modules/system/user-plan.js';
import { parseUserProbe } from '../../../src/modules/system/user.js';
import { getModule } from '../../../src/modules/registry.js';
import { fakeContext, schemaErrors } from '../commands/helpers.js';

const RHEL = { os_family: 'RedHat', service_mgr: 'systemd', pkg_mgr: 'dnf', selinux: { status: 'enabled' } };

describe('modules/system: pinned commands for RHEL facts (tools that cannot run here)', () => {
  it('firewalld queries each scope and adds only what is missing', async () => {
    assert.deepEqual(scopes(true, true), ['permanent', 'runtime']);
    assert.deepEqual(scopes(undefined, false), ['runtime']);
    const ctx = fakeContext({
      facts: RHEL,
      diff: true,
      answers: [
        { match: '--permanent --zone=public --query-service=tftp', rc: 1, stdout: 'no' },
        { match: '--zone=public --query-service=tftp', rc: 0, stdout: 'yes' },
        { match: '--query-port', rc: 1, stdout: 'no' },
      ],
    });
    const r = await firewalld.run(ctx, {
      service: 'tftp',
      port: '69/udp',
      zone: 'public',
      state: 'enabled',
      permanent: true,
      immediate: true,
    });
    assert.equal(r.changed, true);
    assert.deepEqual(
      ctx.ran.filter((c) => c.includes('--add-')),
      [
        'firewall-cmd --permanent --zone=public --add-service=tftp',
        'firewall-cmd --permanent --zone=public --add-port=69/udp',
        'firewall-cmd --zone=public --add-port=69/udp',
      ],
    );
    assert.ok(r.diff);
    const conv = fakeContext({ answers: [{ match: '--query-', rc: 0, stdout: 'yes' }] });
    assert.equal(
      (await firewalld.run(conv, { service: 'tftp', state: 'enabled', permanent: true })).changed,
      false,
    );
    const chk = fakeContext({ check: true, answers: [{ match: '--query-', rc: 1 }] });
    assert.equal((await firewalld.run(chk, { service: 'http', state: 'enabled' })).changed, true);
    assert.equal(
      chk.ran.some((c) => c.includes('--add-')),
      false,
    );
    const bad = await firewalld.run(fakeContext(), { port: '69', state: 'enabled' });
    assert.match(String(bad.msg), /port must look like 8080\/tcp/);
    assert.ok(schemaErrors(firewalld, { service: 'x', state: 'on' }).length > 0);
  });

  it('seboolean: getsebool then setsebool -P', async () => {
    const ctx = fakeContext({
      facts: RHEL,
      diff: true,
      answers: [{ match: 'getsebool', stdout: 'tftp_home_dir --> off\n' }],
    });
    const r = await seboolean.run(ctx, { name: 'tftp_home_dir', state: true, persistent: true });
    assert.equal(r.changed, true);
    assert.deepEqual(ctx.ran, ['getsebool tftp_home_dir', 'setsebool -P tftp_home_dir on']);
    assert.deepEqual(r.diff, { before: 'tftp_home_dir --> off\n', after: 'tftp_home_dir --> on\n' });
    const again = fakeContext({ answers: [{ match: 'getsebool', stdout: 'tftp_home_dir --> on\n' }] });
    assert.equal((await seboolean.run(again, { name: 'tftp_home_dir', state: 'yes' })).changed, false);
    const chk = fakeContext({ check: true, answers: [{ match: 'getsebool', stdout: 'x --> off\n' }] });
    assert.equal((await seboolean.run(chk, { name: 'x', state: true })).changed, true);
    assert.equal(chk.ran.length, 1);
    assert.ok(schemaErrors(seboolean, { name: 'x' }).length > 0, 'state is required');
  });

  it('restorecon is no module, as in Ansible (a playbook of fabplay must run under Ansible too)', () => {
    assert.equal(getModule('restorecon'), undefined);
    assert.equal(getModule('ansible.builtin.restorecon'), undefined);
  });

  it('sefcontext: semanage fcontext -l -C, then -a / -m / -d', async () => {
    const LIST =
      '/srv/tftp(/.*)?                                    all files          system_u:object_r:public_content_t:s0\n';
    assert.equal(findFcontext(LIST, '/srv/tftp(/.*)?', 'a'), 'public_content_t');
    const ctx = fakeContext({ facts: RHEL, answers: [{ match: 'fcontext -l', stdout: LIST }] });
    const r = await sefcontext.run(ctx, { target: '/srv/tftp(/.*)?', setype: 'tftpdir_t' });
    assert.equal(r.changed, true);
    assert.equal(ctx.ran.at(-1), "semanage fcontext -m -f a -t tftpdir_t '/srv/tftp(/.*)?'");
    const add = fakeContext({ answers: [{ match: 'fcontext -l', stdout: '' }] });
    await sefcontext.run(add, { target: '/srv/http(/.*)?', setype: 'httpd_sys_content_t' });
    assert.equal(add.ran.at(-1), "semanage fcontext -a -f a -t httpd_sys_content_t '/srv/http(/.*)?'");
    const same = fakeContext({ answers: [{ match: 'fcontext -l', stdout: LIST }] });
    assert.equal(
      (await sefcontext.run(same, { target: '/srv/tftp(/.*)?', setype: 'public_content_t' })).changed,
      false,
    );
    const del = fakeContext({ check: true, answers: [{ match: 'fcontext -l', stdout: LIST }] });
    assert.equal((await sefcontext.run(del, { target: '/srv/tftp(/.*)?', state: 'absent' })).changed, true);
    assert.equal(del.ran.length, 1);
    const bad = await sefcontext.run(fakeContext(), { target: '/x' });
    assert.match(String(bad.msg), /needs setype/);
    assert.ok(schemaErrors(sefcontext, { target: '/x', setype: 't', ftype: 'x' }).length > 0);
  });

  it('modprobe: /proc/modules decides; modprobe with params', async () => {
    assert.equal(inProcModules('ib-ipoib', 'ib_ipoib 1 0 - Live\n'), true);
    assert.equal(inProcModules('ib', 'ib_ipoib 1 0 - Live\n'), false);
    assert.equal(isBuiltin('loop', 'kernel/drivers/block/loop.ko\n'), true);
    // modules.builtin is matched by the name as written, as Ansible's module does
    assert.equal(isBuiltin('lo-op', 'kernel/drivers/block/lo_op.ko\n'), false);
    const files = (proc: string, builtin = '') =>
      `@@file /proc/modules\n${proc}@@file /lib/modules/6.1.0/modules.builtin\n${builtin}`;
    const ctx = fakeContext({
      diff: true,
      answers: [{ match: '/proc/modules', stdout: files('ext4 1 0\n') }],
    });
    const r = await modprobe.run(ctx, { name: 'ib_ipoib', params: 'ipoib_enhanced=0' });
    assert.equal(r.changed, true);
    assert.equal(ctx.ran.at(-1), 'modprobe ib_ipoib ipoib_enhanced=0');
    const conv = fakeContext({ answers: [{ match: '/proc/modules', stdout: files('ib_ipoib 1 0\n') }] });
    assert.equal((await modprobe.run(conv, { name: 'ib_ipoib' })).changed, false);
    const rm = fakeContext({
      check: true,
      answers: [{ match: '/proc/modules', stdout: files('ib_ipoib 1 0\n') }],
    });
    assert.equal((await modprobe.run(rm, { name: 'ib_ipoib', state: 'absent' })).changed, true);
    assert.equal(rm.ran.length, 1);
    assert.match(
      String((await modprobe.run(fakeContext(), { name: 'a;b' })).msg),
      /not a kernel module name/,
    );
  });

  it('modprobe: a file it cannot read fails the task with Python’s words, in check mode too', async () => {
    const run = async (stdout: string, args: Record<string, unknown>) =>
      modprobe.run(fakeContext({ check: true, answers: [{ match: '/proc/modules', stdout }] }), args);
    const noProc = await run('@@file /proc/modules\n@@error 2\n@@file /lib/modules/6.1/modules.builtin\n', {
      name: 'dummy',
      state: 'absent',
    });
    assert.equal(noProc.failed, true);
    assert.equal(noProc.msg, "[Errno 2] No such file or directory: '/proc/modules'");
    assert.deepEqual(
      [noProc.changed, noProc.name, noProc.params, noProc.state],
      [false, 'dummy', '', 'absent'],
    );
    // modules.builtin is read only for a module /proc/modules lacks
    const noBuiltin = '@@file /proc/modules\nloop 1 0\n@@file /lib/modules/6.1/modules.builtin\n@@error 13\n';
    assert.equal((await run(noBuiltin, { name: 'loop' })).failed, undefined);
    const r = await run(noBuiltin, { name: 'dummy' });
    assert.equal(r.msg, "[Errno 13] Permission denied: '/lib/modules/6.1/modules.builtin'");
  });

  it('hostname under systemd: hostnamectl, the static name first, as Ansible 2.14', async () => {
    let transient = 'old';
    const ctx = fakeContext({
      diff: true,
      answers: [
        { match: 'command -v systemctl', stdout: 'systemd\n' },
        { match: 'hostnamectl --static status', stdout: 'old\n' },
        { match: 'hostnamectl --transient status', stdout: () => `${transient}\n` },
        { match: 'hostname -f', stdout: 'pxe1.fabric.lan\n' },
      ],
    });
    const r = await hostname.run(ctx, { name: 'pxe1.fabric.lan' });
    assert.equal(r.changed, true);
    const sets = ctx.ran.filter((c) => c.includes('set-hostname'));
    assert.deepEqual(sets, [
      'hostnamectl --pretty --static set-hostname pxe1.fabric.lan',
      'hostnamectl --transient set-hostname pxe1.fabric.lan',
    ]);
    assert.deepEqual(r.diff, { before: 'hostname = old\n', after: 'hostname = pxe1.fabric.lan\n' });
    assert.deepEqual(r.ansible_facts, {
      ansible_hostname: 'pxe1',
      ansible_nodename: 'pxe1.fabric.lan',
      ansible_fqdn: 'pxe1.fabric.lan',
      ansible_domain: 'fabric.lan',
    });
    transient = 'pxe1';
    const conv = fakeContext({
      answers: [
        { match: 'command -v systemctl', stdout: 'systemd\n' },
        { match: 'hostnamectl', stdout: 'pxe1\n' },
      ],
    });
    assert.equal((await hostname.run(conv, { name: 'pxe1' })).changed, false);
    // no RFC 1123 check (Ansible 2.14 writes my_host, host.), only hostnamectl's 64-character limit
    const long = fakeContext({
      answers: [
        { match: 'command -v systemctl', stdout: 'systemd\n' },
        { match: 'hostnamectl', stdout: 'pxe1\n' },
      ],
    });
    assert.match(
      String((await hostname.run(long, { name: 'a'.repeat(65) })).msg),
      /^name cannot be longer than 64 characters on systemd servers/,
    );
  });

  it("hostname picks Ansible's strategy: use (debian is systemd's there), else the distribution", async () => {
    assert.equal(strategyForDistro('debian'), 'file');
    assert.equal(strategyForDistro('rhel'), 'redhat');
    assert.equal(strategyForDistro('amzn'), 'redhat');
    assert.equal(strategyForDistro('alpine'), 'alpine');
    assert.equal(strategyForDistro('fedora'), undefined);
    const debian = fakeContext({ answers: [{ match: 'hostnamectl', rc: 1, stderr: 'no bus' }] });
    const r = await hostname.run(debian, { name: 'h2', use: 'debian' });
    assert.equal(r.msg, 'Command failed rc=1, out=, err=no bus');
    const fedora = fakeContext({ answers: [{ match: 'command -v systemctl', stdout: 'id=fedora\n' }] });
    assert.equal(
      (await hostname.run(fedora, { name: 'h2' })).msg,
      'hostname module cannot be used on platform Linux (Fedora)',
    );
    assert.equal(
      setNetworkHostname('NETWORKING=yes\nHOSTNAME=old\n', 'new'),
      'NETWORKING=yes\nHOSTNAME=new\n',
    );
    assert.equal(setNetworkHostname('NETWORKING=yes', 'new'), 'NETWORKING=yes\nHOSTNAME=new\n');
  });

  it('user and group plans (pure)', () => {
    const found = parseUserProbe(
      'tftp:x:990:990:TFTP:/srv/tftp:/usr/sbin/nologin\n@@primary tftp\n@@groups tftp adm\n',
    );
    assert.deepEqual(found.groups, ['tftp', 'adm']);
    const w = {
      name: 'tftp',
      state: 'present' as const,
      shell: '/bin/false',
      groups: ['adm', 'www-data'],
      append: true,
    };
    assert.deepEqual(userCommands(w, found), [
      ['usermod', '-a', '-G', 'www-data', '-s', '/bin/false', 'tftp'],
    ]);
    assert.deepEqual(userCommands({ ...w, append: false, groups: ['adm'], shell: undefined }, found), []);
    assert.deepEqual(userCommands({ name: 'u', state: 'present', uid: 1500, system: true }, { groups: [] }), [
      ['useradd', '-u', '1500', '-r', '-M', 'u'],
    ]);
    assert.deepEqual(userCommands({ name: 'tftp', state: 'absent', remove: true }, found), [
      ['userdel', '-r', 'tftp'],
    ]);
    assert.deepEqual(userCommands({ name: 'tftp', state: 'absent', remove: true, force: true }, found), [
      ['userdel', '-f', '-r', 'tftp'],
    ]);
    assert.deepEqual(userCommands({ name: 'tftp', state: 'absent', force: true }, { groups: [] }), []);
    const g = parseGroup('pxe:x:1200:a,b\n');
    assert.deepEqual(groupCommands({ name: 'pxe', state: 'present', gid: 1201 }, g), [
      ['groupmod', '-g', '1201', 'pxe'],
    ]);
    assert.deepEqual(groupCommands({ name: 'pxe', state: 'present' }, undefined), [['groupadd', 'pxe']]);
  });

  it('reboot waits for a new boot id through reconnect(); check mode does nothing', async () => {
    assert.deepEqual(rebootArgv(0, 'm'), ['shutdown', '-r', 'now', 'm']);
    assert.deepEqual(rebootArgv(120, 'm'), ['shutdown', '-r', '+2', 'm']);
    let boots = 0;
    let id = 'boot-a';
    const ctx = fakeContext({
      answers: [{ match: '/proc/sys/kernel/random/boot_id', stdout: () => `${id}\n` }],
      reconnect: async () => {
        boots++;
        id = 'boot-b';
      },
    });
    const r = await reboot.run(ctx, { reboot_timeout: 20 });
    assert.equal(r.changed, true);
    assert.equal(r.rebooted, true);
    assert.equal(boots, 1);
    assert.ok(ctx.ran.includes("shutdown -r now 'Reboot initiated by fabplay'"));
    assert.ok(ctx.ran.includes('whoami'));
    const chk = fakeContext({ check: true });
    assert.equal((await reboot.run(chk, {})).changed, true);
    assert.deepEqual(chk.ran, []);
    const noRe = await reboot.run(fakeContext(), {});
    assert.match(String(noRe.msg), /cannot reconnect/);
    assert.ok(schemaErrors(reboot, { reboot_timeout: 'soon' }).length > 0);
  });
});
