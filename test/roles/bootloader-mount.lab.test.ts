// bootloader_tree_mode: mount on a lab server with a real ISO: the test makes an ISO 9660 image
// with xorriso from a Rocky 9 DVD layout (Rock Ridge, Joliet), the role loop-mounts it read-only
// at the web tree (one fstab line, nothing copied, nothing mounted twice), a second run changes
// nothing, and Apache serves .treeinfo and install.img from the mount to a client on the fabric.
// On Debian (no SELinux) the mount carries no context= option and nothing is relabelled. On a lab
// host made to answer as RHEL 9 with SELinux enforcing (rhel-host.ts) the fstab line carries the
// web content context (a loop-mounted iso9660 has no labels of its own) and restorecon is never
// run on the read-only mount, only on the TFTP files.
//
// When this machine's kernel has no iso9660 driver (some CI kernels are built without it), the
// lab host gets a mount helper, /usr/sbin/mount.iso9660, that mount(8) runs for `-t iso9660`
// after it has set up the loop device itself: the helper records what mount passed it and reads
// the ISO through that loop device with fuseiso, read-only. The role, the fstab line, mount(8)
// and its loop device, findmnt and Apache are the real ones either way; the test says which
// driver it used; the RHEL stand-in always uses the helper, as this kernel has no SELinux to take
// the context= option. A lab host's /dev has no loop or fuse nodes of its own: the test adds them.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runWithRoles } from '../helpers/cli.js';
import { buildIsoTree, makeTempDir } from '../helpers/pxe-fixtures.js';
import { hasCommand } from './checkers.js';
import { buildRepo, makeRhelHost, takeCalls, RHEL9 } from './rhel-host.js';

const ISO = '/srv/fabplay-fixture/rocky9.iso';
const WEB_DIR = '/var/www/html/netinstall';
const TREE = 'Rocky95';
const WEB_TREE = `${WEB_DIR}/ISO/${TREE}`;
const HELPER_LOG = '/run/mount.iso9660.args';

/** mount(8) runs /sbin/mount.<type> when it exists: this one stands in for a missing kernel driver. */
const MOUNT_HELPER = `#!/bin/sh
# lab stand-in for the kernel's iso9660 driver: mount(8) calls mount.iso9660 LOOPDEV DIR [-o OPTS]
echo "$*" >> ${HELPER_LOG}
exec fuseiso -p "$1" "$2" -o ro,allow_other
`;

const CONTEXT = 'context=system_u:object_r:httpd_sys_content_t:s0';
const OSES = [
  { os: 'Debian', tftpRoot: '/srv/tftp', opts: 'ro,loop', rhel: false },
  { os: 'RHEL 9 (SELinux enforcing)', tftpRoot: '/var/lib/tftpboot', opts: `ro,loop,${CONTEXT}`, rhel: true },
];

for (const { os, tftpRoot, opts, rhel } of OSES)
  describe(`bootloader tree mode mount on ${os}: a real ISO loop-mounted under the web root @lab`, function () {
    this.timeout(900000);
    const lab = useLab({ hosts: 1, segments: 1 });
    let tmp: ReturnType<typeof makeTempDir>;
    let addr = '';
    let driver = '';
    const src = () => join(tmp.dir, 'tree');

    const run = async (...extra: string[]) => {
      const r = await runWithRoles(lab.inventory, join(tmp.dir, 'site.yml'), [
        '-e',
        `@${join(tmp.dir, 'vars.yml')}`,
        ...extra,
      ]);
      return { rc: r.code, out: `${r.stdout}${r.stderr}` };
    };
    const sh = async (cmd: string) => {
      const r = await lab.exec('h1', cmd);
      assert.equal(r.rc, 0, `${cmd}: ${r.stdout}${r.stderr}`);
      return r.stdout;
    };

    const hostSum = async (path: string) => (await sh(`sha256sum < ${path}`)).split(' ')[0];
    const localSum = (rel: string) =>
      createHash('sha256')
        .update(readFileSync(join(src(), rel)))
        .digest('hex');

    before(async function () {
      if (!hasCommand('xorriso')) throw new Error('xorriso is missing: run scripts/setup.sh');
      tmp = makeTempDir('fabplay-iso-mount-');
      if (rhel) {
        const rel = {
          ...RHEL9,
          packages: {
            httpd: RHEL9.packages.httpd!,
            'tftp-server': RHEL9.packages['tftp-server']!,
            rsync: ['3.2.3', '20.el9'] as [string, string],
          },
        };
        buildRepo(rel, join(tmp.dir, 'repo'));
        await makeRhelHost(lab, 'h1', rel, join(tmp.dir, 'repo'));
      }
      buildIsoTree(src(), { layout: 'rocky9' });
      // -r: Rock Ridge with every file readable (root-owned, 0444 files, 0555 directories)
      const iso = join(tmp.dir, 'rocky9.iso');
      execFileSync(
        'xorriso',
        ['-as', 'mkisofs', '-r', '-J', '-V', 'Rocky-9-5-x86_64-dvd', '-o', iso, src()],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      await sh('mkdir -p /srv/fabplay-fixture');
      const put = await lab.exec('h1', `cat > ${ISO}`, readFileSync(iso));
      assert.equal(put.rc, 0, put.stderr);
      await sh(
        '[ -e /dev/loop-control ] || mknod -m 660 /dev/loop-control c 10 237; ' +
          'for i in 0 1 2 3 4 5 6 7; do [ -e /dev/loop$i ] || mknod -m 660 /dev/loop$i b 7 $i; done',
      );
      const kernel = await lab.exec('h1', 'grep -qw iso9660 /proc/filesystems || modprobe -q isofs');
      if (kernel.rc === 0 && !rhel) driver = 'kernel iso9660';
      else {
        if (!hasCommand('fuseiso'))
          throw new Error('no iso9660 in this kernel and no fuseiso: run scripts/setup.sh');
        await sh('[ -e /dev/fuse ] || mknod -m 666 /dev/fuse c 10 229');
        await lab.exec(
          'h1',
          'cat > /usr/sbin/mount.iso9660 && chmod 755 /usr/sbin/mount.iso9660',
          MOUNT_HELPER,
        );
        driver = 'fuseiso through mount.iso9660';
      }
      addr = lab.fabric('h1')!.addr;
      writeFileSync(
        join(tmp.dir, 'vars.yml'),
        yaml.dump({
          http_server_interface: 'fab0',
          http_server_verify_tree: '',
          bootloader_iso_path: ISO,
          bootloader_tree_mode: 'mount',
          bootloader_tree_name: TREE,
          bootloader_bios_enabled: false,
          // the RHEL stand-in's systemctl starts no daemon: Apache answers on the Debian host only
          bootloader_verify_http: !rhel,
        }),
      );
      writeFileSync(
        join(tmp.dir, 'site.yml'),
        yaml.dump([
          {
            name: 'Web server with the ISO',
            hosts: 'pxe_servers',
            become: true,
            roles: ['tftp_server', 'http_server', 'bootloader'],
          },
        ]),
      );
    });
    after(() => tmp?.cleanup());

    it(`mounts the ISO read-only at the web tree, once, with one fstab line and no copy`, async () => {
      const r = await run();
      assert.equal(r.rc, 0, r.out.slice(-6000));
      console.log(`      (iso9660 driver: ${driver})`);
      const fstab = (await sh('cat /etc/fstab')).split('\n').filter((l) => l.includes(ISO));
      assert.deepEqual(
        fstab,
        [`${ISO} ${WEB_TREE} iso9660 ${opts} 0 0`],
        'one line; the context on SELinux hosts only',
      );
      const mounts = (await sh('cat /proc/self/mounts')).split('\n');
      assert.equal(mounts.filter((l) => l.split(' ')[1] === WEB_TREE).length, 1, mounts.join('\n'));
      assert.ok(
        !mounts.some((l) => l.split(' ')[1] === '/mnt/fabplay-iso'),
        'not mounted a second time to copy from',
      );
      assert.match(await sh(`findmnt -n -o OPTIONS -M ${WEB_TREE}`), /^ro,/);
      // a loop device backs the ISO; with the helper, mount(8) hands it that device, options left:
      // ro (libmount drops context= where the kernel has no SELinux, as here)
      const loop = /^(\/dev\/loop\d+):/.exec(await sh(`losetup -j ${ISO}`))?.[1];
      assert.ok(loop, 'no loop device backs the ISO');
      if (driver.startsWith('fuseiso'))
        assert.equal((await sh(`cat ${HELPER_LOG}`)).trim(), `${loop} ${WEB_TREE} -o ro`);
      // the web tree is the ISO itself: its files are what xorriso was given, byte for byte
      for (const f of ['images/install.img', '.treeinfo', 'EFI/BOOT/BOOTX64.EFI'])
        assert.equal(await hostSum(`${WEB_TREE}/${f}`), localSum(f), f);
      assert.match(r.out, /TASK \[bootloader : Copy the tree into the web root\] \*+\nskipping: \[h1\]\n/);
      assert.match(r.out, /TASK \[bootloader : Label the copied tree \(SELinux\)\] \*+\nskipping: \[h1\]\n/);
      if (rhel) {
        // the TFTP files are relabelled; the read-only mount never is (the context option labels it)
        const restorecon = (await takeCalls(lab, 'h1')).filter((c) => c.startsWith('restorecon'));
        assert.ok(restorecon.includes(`restorecon -R -v ${tftpRoot}/uefi`), restorecon.join('\n'));
        assert.ok(!restorecon.some((c) => c.includes(WEB_TREE)), restorecon.join('\n'));
      }
      // nothing of the tree was written to the host's disk: only the empty mount point is in its layer
      const upper = join(lab.upperDir('h1'), WEB_TREE);
      assert.equal(execFileSync('find', [upper, '-mindepth', '1'], { encoding: 'utf8' }), '');
      // GRUB and the kernel came from the mounted tree into the TFTP root
      assert.equal(await hostSum(`${tftpRoot}/uefi/grubx64.efi`), localSum('EFI/BOOT/grubx64.efi'));
    });

    it('a second run, and one in check mode, change nothing and leave one fstab line and one mount', async () => {
      for (const extra of [[], ['--check']]) {
        const r = await run(...extra);
        assert.equal(r.rc, 0, r.out.slice(-6000));
        assert.match(r.out, /^h1\s*:.*changed=0 .*failed=0/m, r.out.slice(-6000));
      }
      assert.equal((await sh(`grep -c ' ${WEB_TREE} ' /etc/fstab`)).trim(), '1');
      assert.equal((await sh(`grep -c ' ${WEB_TREE} ' /proc/self/mounts`)).trim(), '1');
    });

    it('Apache serves .treeinfo and install.img from the mount to a client on the fabric', async function () {
      if (rhel) this.skip();
      const c = await lab.addClient(1);
      const base = `http://${addr}/netinstall/ISO/${TREE}`;
      const got = await c.exec(
        `ip addr add ${addr.replace(/\.\d+$/, '.77')}/24 dev eth0 && ` +
          `curl -sS -f ${base}/.treeinfo && curl -sS -f ${base}/images/install.img | sha256sum`,
      );
      assert.equal(got.rc, 0, got.stdout + got.stderr);
      const treeinfo = readFileSync(join(src(), '.treeinfo'), 'utf8');
      assert.ok(got.stdout.startsWith(treeinfo), got.stdout.slice(0, 500));
      assert.match(treeinfo, /^\[general\][^]*family = Rocky Linux/m);
      assert.equal(got.stdout.slice(treeinfo.length).trim().split(/\s+/)[0], localSum('images/install.img'));
    });

    it('unmounting frees the loop device: none is left behind', async () => {
      await sh(`umount ${WEB_TREE}`);
      assert.equal(await sh(`losetup -j ${ISO}`), '');
    });
  });
