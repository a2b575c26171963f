import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { labContexts } from './lab-context.js';
import { sysctl } from '../../../src/modules/system/sysctl.js';
import { hostname } from '../../../src/modules/system/hostname.js';
import { user } from '../../../src/modules/system/user.js';
import { group } from '../../../src/modules/system/group.js';
import { mount } from '../../../src/modules/system/mount.js';
import { schemaErrors } from '../commands/helpers.js';

const DEBIAN = { os_family: 'Debian', service_mgr: 'sysvinit', pkg_mgr: 'apt' };

describe('modules/system on a lab host (real tools over SSH) @lab', function () {
  this.timeout(120000);
  const lab = useLab({ hosts: 1 });
  const h = labContexts(lab);
  after(() => h.close());

  it('sysctl: sets the running value (sysctl_set) and the file, reloads; idempotent; check mode writes nothing', async () => {
    await lab.exec('h1', 'sysctl -w net.ipv4.ip_forward=0');
    const args = {
      name: 'net.ipv4.ip_forward',
      value: '1',
      sysctl_file: '/etc/sysctl.d/90-fabplay.conf',
      sysctl_set: true,
    };
    const snap = h.snapshot();
    const c1 = await sysctl.run(await h.ctx({ check: true, diff: true, facts: DEBIAN }), args);
    assert.equal(c1.changed, true);
    assert.equal(h.snapshot(), snap, 'check mode wrote nothing');
    assert.equal((await lab.exec('h1', 'sysctl -n net.ipv4.ip_forward')).stdout.trim(), '0');
    assert.equal((await sysctl.run(await h.ctx({ facts: DEBIAN }), args)).changed, true);
    assert.equal((await lab.exec('h1', 'sysctl -n net.ipv4.ip_forward')).stdout.trim(), '1');
    assert.equal(
      (await lab.exec('h1', 'cat /etc/sysctl.d/90-fabplay.conf')).stdout,
      'net.ipv4.ip_forward=1\n',
    );
    assert.equal((await sysctl.run(await h.ctx({ facts: DEBIAN }), args)).changed, false);
    assert.equal((await sysctl.run(await h.ctx({ check: true, facts: DEBIAN }), args)).changed, false);
    // the file alone is right but the kernel drifted: sysctl_set notices
    await lab.exec('h1', 'sysctl -w net.ipv4.ip_forward=0');
    assert.equal((await sysctl.run(await h.ctx({ facts: DEBIAN }), args)).changed, true);
  });

  // ansible-playbook 2.14 on this lab host (Debian, no systemd): /etc/hostname only, the running
  // name stays (its FileStrategy has no command), the diff is in the result, fqdn is the host's
  it('hostname (Debian without systemd): /etc/hostname only, as Ansible 2.14', async () => {
    await lab.exec('h1', 'echo h1 > /etc/hostname; hostname h1');
    const snap = h.snapshot();
    const c1 = await hostname.run(await h.ctx({ check: true }), { name: 'pxe-lab-1' });
    assert.equal(c1.changed, true);
    assert.deepEqual(c1.diff, { before: 'hostname = h1\n', after: 'hostname = pxe-lab-1\n' });
    assert.equal(h.snapshot(), snap);
    const r = await hostname.run(await h.ctx(), { name: 'pxe-lab-1' });
    assert.equal(r.changed, true);
    assert.deepEqual(r.ansible_facts, {
      ansible_hostname: 'pxe-lab-1',
      ansible_nodename: 'pxe-lab-1',
      ansible_fqdn: 'h1',
      ansible_domain: '',
    });
    assert.equal((await lab.exec('h1', 'hostname; cat /etc/hostname')).stdout, 'h1\npxe-lab-1\n');
    assert.equal((await hostname.run(await h.ctx(), { name: 'pxe-lab-1' })).changed, false);
    assert.equal((await hostname.run(await h.ctx({ check: true }), { name: 'pxe-lab-1' })).changed, false);
    // use: debian is hostnamectl in Ansible 2.14, which has no systemd to talk to here
    const deb = await hostname.run(await h.ctx(), { name: 'h1', use: 'debian' });
    assert.equal(deb.failed, true);
    assert.match(String(deb.msg), /^Command failed rc=1, out=, err=System has not been booted with systemd/);
    await hostname.run(await h.ctx(), { name: 'h1' });
    assert.equal((await lab.exec('h1', 'cat /etc/hostname')).stdout, 'h1\n');
  });

  // ansible-playbook 2.14 on this lab host writes any name to /etc/hostname, RFC 1123 or not
  // (my_host, host., a 70-character label, 'bad name'), with facts from the name as given
  it('hostname: a name that is no RFC 1123 host name is written, as Ansible 2.14', async () => {
    for (const name of ['my_host', 'host.', 'a'.repeat(70), 'bad name']) {
      const r = await hostname.run(await h.ctx(), { name });
      assert.equal(r.changed, true, name);
      assert.equal((r.ansible_facts as Record<string, unknown>).ansible_hostname, name.split('.')[0]);
      assert.equal((await lab.exec('h1', 'cat /etc/hostname')).stdout, `${name}\n`);
      assert.equal((await hostname.run(await h.ctx(), { name })).changed, false, name);
    }
    await hostname.run(await h.ctx(), { name: 'h1' });
  });

  it('group and user: create, re-run, modify, check mode, diff, remove', async () => {
    const g = { name: 'pxeadm', gid: 47321 };
    const snap = h.snapshot();
    assert.equal((await group.run(await h.ctx({ check: true }), g)).changed, true);
    const u = {
      name: 'pxeops',
      uid: 47322,
      group: 'pxeadm',
      groups: ['adm'],
      shell: '/bin/sh',
      comment: 'PXE operator',
    };
    const cu = await user.run(await h.ctx({ check: true, diff: true }), u);
    assert.equal(cu.changed, true);
    assert.ok(cu.diff);
    assert.equal(h.snapshot(), snap, 'check mode wrote nothing');
    assert.equal((await group.run(await h.ctx(), g)).changed, true);
    assert.equal((await group.run(await h.ctx(), g)).changed, false);
    const r = await user.run(await h.ctx(), u);
    assert.equal(r.changed, true);
    assert.equal(r.uid, 47322);
    assert.equal(
      (await lab.exec('h1', 'getent passwd pxeops; id -Gn pxeops; test -d /home/pxeops && echo home')).stdout,
      'pxeops:x:47322:47321:PXE operator:/home/pxeops:/bin/sh\npxeadm adm\nhome\n',
    );
    assert.equal((await user.run(await h.ctx(), u)).changed, false);
    assert.equal((await user.run(await h.ctx({ check: true }), u)).changed, false);
    const m = await user.run(await h.ctx({ diff: true }), { ...u, shell: '/bin/bash' });
    assert.equal(m.changed, true);
    assert.match(JSON.stringify(m.diff), /bin\/bash/);
    assert.equal(
      (await user.run(await h.ctx(), { name: 'pxeops', state: 'absent', remove: true })).changed,
      true,
    );
    assert.equal((await lab.exec('h1', 'getent passwd pxeops')).rc, 2);
    assert.equal((await group.run(await h.ctx(), { name: 'pxeadm', state: 'absent' })).changed, true);
    assert.ok(schemaErrors(user, { name: 'x', uid: 'abc' }).length > 0);
    assert.match(String((await user.run(await h.ctx(), { name: 'bad name' })).msg), /not a valid user name/);
  });

  it('mount: a read-only loop image and a tmpfs, with fstab; unmount, remount, absent', async () => {
    // the lab host's /dev has no loop devices: give it the kernel's (mount -o loop autoclears them)
    const nodes =
      'mknod -m 660 /dev/loop-control c 10 237; for i in $(seq 0 31); do mknod -m 660 /dev/loop$i b 7 $i; done';
    const mk = await lab.exec(
      'h1',
      `${nodes}; mkdir -p /srv/iso && truncate -s 8M /srv/iso/boot.img && mkfs.ext2 -q -F /srv/iso/boot.img`,
    );
    assert.equal(mk.rc, 0, mk.stderr);
    const iso = {
      path: '/srv/repo',
      src: '/srv/iso/boot.img',
      fstype: 'ext2',
      opts: 'loop,ro',
      state: 'mounted',
    };
    const snap = h.snapshot();
    const c1 = await mount.run(await h.ctx({ check: true, diff: true }), iso);
    assert.equal(c1.changed, true);
    assert.match((c1.diff as { after: string }).after, /\/srv\/iso\/boot.img \/srv\/repo ext2 loop,ro 0 0/);
    assert.equal(h.snapshot(), snap);
    assert.equal((await mount.run(await h.ctx(), iso)).changed, true);
    const fm = await lab.exec('h1', 'findmnt -n -o FSTYPE,OPTIONS /srv/repo');
    assert.match(fm.stdout, /^ext2\s+ro[,\s]/);
    assert.equal((await mount.run(await h.ctx(), iso)).changed, false);
    assert.equal((await mount.run(await h.ctx({ check: true }), iso)).changed, false);
    assert.equal((await mount.run(await h.ctx(), { ...iso, state: 'unmounted' })).changed, true);
    assert.equal((await lab.exec('h1', 'findmnt -n /srv/repo')).rc, 1);
    assert.match((await lab.exec('h1', 'cat /etc/fstab')).stdout, /\/srv\/repo ext2 loop,ro 0 0/);
    assert.equal((await mount.run(await h.ctx(), { ...iso, state: 'absent' })).changed, true);
    assert.doesNotMatch((await lab.exec('h1', 'cat /etc/fstab')).stdout, /\/srv\/repo/);
    const tmp = { path: '/srv/scratch', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=1m', state: 'mounted' };
    assert.equal((await mount.run(await h.ctx(), tmp)).changed, true);
    assert.equal(
      (await mount.run(await h.ctx(), { path: '/srv/scratch', state: 'remounted', opts: 'size=2m' })).changed,
      true,
    );
    assert.match((await lab.exec('h1', 'findmnt -n -o OPTIONS /srv/scratch')).stdout, /size=2048k/);
    assert.equal((await mount.run(await h.ctx(), { ...tmp, state: 'absent' })).changed, true);
    assert.equal((await lab.exec('h1', 'findmnt -n /srv/scratch')).rc, 1);
  });
});
