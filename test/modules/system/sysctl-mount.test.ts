import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sysctl } from '../../../src/modules/system/sysctl.js';
import { editSysctl, fileValue } from '../../../src/modules/system/sysctl-plan.js';
import { mount } from '../../../src/modules/system/mount.js';
import { editFstab, findEntry, mountArgv } from '../../../src/modules/system/fstab-plan.js';
import { makeContext } from '../../helpers/module-context.js';
import { schemaErrors } from '../commands/helpers.js';

// Only files in a temporary directory are touched here: reload is off and nothing is mounted.
describe('modules/system: sysctl and mount files (local connection, temporary files)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-sys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('edits sysctl files (pure)', () => {
    const text = '# comment\nnet.ipv4.ip_forward = 0\nvm.swappiness=10\nnet/ipv4/ip_forward=0\n';
    assert.equal(fileValue(text, 'net.ipv4.ip_forward'), '0');
    assert.equal(
      editSysctl(text, 'net.ipv4.ip_forward', '1'),
      '# comment\nnet.ipv4.ip_forward=1\nvm.swappiness=10\n',
    );
    assert.equal(editSysctl(text, 'net.ipv4.ip_forward', undefined), '# comment\nvm.swappiness=10\n');
    assert.equal(editSysctl('', 'a.b', '1 2'), 'a.b=1 2\n');
  });

  it('sysctl converges a file, is idempotent, check mode both ways, no diff (as ansible.posix)', async () => {
    const file = join(dir, '99-fabplay.conf');
    const args = { name: 'net.ipv4.ip_forward', value: '1', sysctl_file: file, reload: false };
    const c1 = await sysctl.run(makeContext({ check: true, diff: true }), args);
    assert.deepEqual(c1, { changed: true });
    assert.equal(existsSync(file), false);
    assert.equal((await sysctl.run(makeContext(), args)).changed, true);
    assert.equal(readFileSync(file, 'utf8'), 'net.ipv4.ip_forward=1\n');
    assert.equal((await sysctl.run(makeContext(), { ...args, value: ' 1 ' })).changed, false);
    assert.equal((await sysctl.run(makeContext({ check: true }), args)).changed, false);
    const rm = await sysctl.run(makeContext(), {
      name: 'net.ipv4.ip_forward',
      state: 'absent',
      sysctl_file: file,
      reload: false,
    });
    assert.equal(rm.changed, true);
    assert.equal(readFileSync(file, 'utf8'), '');
  });

  it('sysctl rejects bad arguments', async () => {
    assert.ok(schemaErrors(sysctl, { value: '1' }).length > 0, 'name is required');
    assert.ok(schemaErrors(sysctl, { name: 'a', state: 'set' }).length > 0);
    const r = await sysctl.run(makeContext(), { name: 'a.b', sysctl_file: join(dir, 'x') });
    assert.equal(r.failed, true);
    assert.match(String(r.msg), /needs a value/);
  });

  it('edits fstab lines and builds mount commands (pure)', () => {
    const e = {
      src: '/srv/iso/rhel 9.iso',
      path: '/srv/repo',
      fstype: 'iso9660',
      opts: 'loop,ro',
      dump: '0',
      passno: '0',
    };
    const text = 'UUID=1 / ext4 defaults 0 1\n';
    const t2 = editFstab(text, '/srv/repo', e);
    assert.equal(t2, 'UUID=1 / ext4 defaults 0 1\n/srv/iso/rhel\\0409.iso /srv/repo iso9660 loop,ro 0 0\n');
    assert.deepEqual(findEntry(t2, '/srv/repo'), e);
    assert.equal(editFstab(t2, '/srv/repo', e), t2);
    assert.equal(editFstab(t2, '/srv/repo', undefined), text);
    assert.deepEqual(mountArgv(e), [
      'mount',
      '-t',
      'iso9660',
      '-o',
      'loop,ro',
      '/srv/iso/rhel 9.iso',
      '/srv/repo',
    ]);
    assert.deepEqual(mountArgv({ ...e, opts: 'defaults' }), [
      'mount',
      '-t',
      'iso9660',
      '/srv/iso/rhel 9.iso',
      '/srv/repo',
    ]);
  });

  it('mount state=present keeps the fstab line: converge, re-run, check mode, diff, absent', async () => {
    const fstab = join(dir, 'fstab');
    writeFileSync(fstab, '# static\n');
    const args = {
      path: join(dir, 'repo'),
      src: join(dir, 'x.iso'),
      fstype: 'iso9660',
      opts: 'loop,ro',
      state: 'present',
      fstab,
    };
    const c1 = await mount.run(makeContext({ check: true, diff: true }), args);
    assert.equal(c1.changed, true);
    assert.match((c1.diff as { after: string }).after, /x\.iso .*repo iso9660 loop,ro 0 0/);
    assert.equal(readFileSync(fstab, 'utf8'), '# static\n');
    assert.equal((await mount.run(makeContext(), args)).changed, true);
    assert.match(readFileSync(fstab, 'utf8'), /^# static\n.*x\.iso .*repo iso9660 loop,ro 0 0\n$/);
    assert.equal((await mount.run(makeContext(), args)).changed, false);
    assert.equal((await mount.run(makeContext({ check: true }), args)).changed, false);
    const gone = await mount.run(makeContext(), { path: args.path, state: 'absent', fstab });
    assert.equal(gone.changed, true);
    assert.equal(readFileSync(fstab, 'utf8'), '# static\n');
  });

  it('mount rejects bad arguments', async () => {
    assert.ok(schemaErrors(mount, { path: '/a', state: 'mountd' }).length > 0);
    assert.ok(schemaErrors(mount, { path: '/a' }).length > 0, 'state is required');
    const r = await mount.run(makeContext(), { path: '/a', state: 'mounted', fstab: join(dir, 'f') });
    assert.equal(r.failed, true);
    assert.match(String(r.msg), /needs src and fstype/);
  });
});
