// site.yml against installation trees with the layouts of real DVDs (Rocky 9, Alma 10, RHEL 8:
// shim as EFI/BOOT/BOOTX64.EFI, no shimx64.efi), with Secure Boot off and on, on a lab PXE
// server with real dhcpd, tftpd-hpa and Apache, run by fabplay. With Secure Boot on, a lab client
// asking for the x64 UEFI boot file gets shim and then fetches GRUB and MokManager by TFTP; an
// unsigned replacement module stops initrd_patch before the initrd is rebuilt; the boot-chain
// proof at the end of site.yml fails naming a file grub.cfg names once it is gone.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runCli } from '../helpers/cli.js';
import { tarOf } from '../helpers/tar.js';
import { FIXTURE, serverVars } from '../../scripts/lab-pxe.js';
import { repoRoot } from './render.js';
import {
  buildIsoTree,
  buildReplacementModules,
  buildSyslinuxDir,
  makeSigningKey,
  makeTempDir,
  type TreeLayoutName,
} from '../helpers/pxe-fixtures.js';

const SITE = join(repoRoot, 'playbooks/site.yml');

/** The boot_check report of a run: every check passed, the x64 UEFI chain and the initrd among them. */
function proofHolds(out: string, kver: string): void {
  const report = /TASK \[boot_check : Report the boot chain\][^]*?\n\}/.exec(out)?.[0];
  assert.ok(report, out.slice(-5000));
  assert.doesNotMatch(report, /"FAIL /, report);
  assert.match(report, /"ok {3}x64 UEFI: uefi\/grub\.cfg parses/, report);
  assert.match(
    report,
    new RegExp(
      `"ok {3}/srv/tftp/uefi/initrd_CN5K\\.img: hfi1 built for its kernel ${kver.replace(/\./g, '\\.')}"`,
    ),
  );
}

function recap(out: string): { changed: number; failed: number } {
  const m = /^h1\s*:.*changed=(\d+).*failed=(\d+)/m.exec(out);
  assert.ok(m, `no recap for h1 in:\n${out.slice(-3000)}`);
  return { changed: Number(m[1]), failed: Number(m[2]) };
}

for (const name of ['rocky9', 'alma10', 'rhel8'] as TreeLayoutName[]) {
  describe(`site.yml with the ${name} DVD layout, Secure Boot off and on @lab`, function () {
    this.timeout(1200000);
    const lab = useLab({ hosts: 1, segments: 1 });
    let tmp: ReturnType<typeof makeTempDir>;
    let varsFile = '';
    let addr = '';
    let treeName = '';
    let kver = '';
    const src = () => join(tmp.dir, 'fixture');

    before(async () => {
      tmp = makeTempDir('fabplay-media-lab-');
      const layout = buildIsoTree(join(src(), 'tree'), { layout: name });
      kver = layout.kver;
      treeName = `${layout.short}${layout.version.replace('.', '')}`;
      const key = makeSigningKey(join(tmp.dir, 'key'), `${layout.short} lab module signing key`);
      buildReplacementModules(join(src(), 'opxs'), layout.kver, key);
      buildReplacementModules(join(src(), 'opxs-unsigned'), layout.kver);
      buildSyslinuxDir(join(src(), 'syslinux'));
      const r = await lab.exec('h1', `mkdir -p ${FIXTURE} && tar -xf - -C ${FIXTURE}`, tarOf(src()));
      assert.equal(r.rc, 0, r.stderr);
      addr = lab.fabric('h1')!.addr;
      varsFile = join(tmp.dir, 'vars.yml');
      writeFileSync(
        varsFile,
        yaml.dump({
          ...serverVars(addr),
          bootloader_tree_name: treeName,
          http_server_verify_tree: `ISO/${treeName}`,
          bootloader_menu_entries: [{ label: `${layout.family} ${layout.version}` }],
        }),
      );
    });
    after(() => tmp?.cleanup());

    const site = async (cmd: 'run' | 'check', ...extra: string[]) => {
      const r = await runCli([cmd, '-i', lab.inventory, '-e', `@${varsFile}`, SITE, ...extra], {
        env: { NO_COLOR: '1' },
      });
      return { rc: r.code, out: `${r.stdout}${r.stderr}` };
    };
    const secureBoot = (on: boolean) => `bootloader_secure_boot=${on}`;

    for (const on of [false, true]) {
      it(`Secure Boot ${on ? 'on' : 'off'}: converges, the proof holds, the second run changes nothing`, async () => {
        const first = await site('run', '-e', secureBoot(on));
        assert.equal(first.rc, 0, first.out.slice(-6000));
        proofHolds(first.out, kver);
        assert.match(
          first.out,
          new RegExp(`ok   HTTP: http://${addr}/netinstall/ISO/${treeName}/images/install\\.img answers 200`),
        );
        if (on) assert.match(first.out, /"ok {3}.*: hfi1 signed by \S+ lab module signing key"/);
        const second = await site('run', '-e', secureBoot(on));
        assert.equal(second.rc, 0, second.out.slice(-6000));
        assert.deepEqual(recap(second.out), { changed: 0, failed: 0 }, second.out.slice(-8000));
      });
    }

    it('Secure Boot on: a client asking for the x64 UEFI boot file gets shim, then GRUB and MokManager by TFTP', async () => {
      const c = await lab.addClient(1);
      const dir = join(tmp.dir, 'client');
      mkdirSync(dir, { recursive: true });
      const script = join(tmp.dir, 'lease.sh');
      writeFileSync(script, '#!/bin/sh\n[ "$1" = bound ] && echo "ip=$ip boot_file=$boot_file"\nexit 0\n', {
        mode: 0o755,
      });
      const lease = await c.exec(
        `busybox udhcpc -i eth0 -f -q -n -t 5 -T 2 -s ${script} -V PXEClient -x 0x5d:0007`,
      );
      const m = /ip=(\S+) boot_file=(\S+)/.exec(lease.stdout);
      assert.ok(m, lease.stdout + lease.stderr);
      assert.equal(m[2], 'uefi/shimx64.efi');
      const got = await c.exec(
        `ip addr add ${m[1]}/24 dev eth0 && cd ${dir} && for f in shimx64.efi grubx64.efi mmx64.efi; do ` +
          `tftp ${addr} -m binary -c get uefi/$f $f || echo "missing $f"; done`,
      );
      assert.doesNotMatch(got.stdout, /missing/, got.stdout + got.stderr);
      const tree = join(src(), 'tree/EFI/BOOT');
      assert.deepEqual(
        readFileSync(join(dir, 'shimx64.efi')),
        readFileSync(join(tree, 'BOOTX64.EFI')),
        'shim is the DVD BOOTX64.EFI',
      );
      assert.deepEqual(readFileSync(join(dir, 'grubx64.efi')), readFileSync(join(tree, 'grubx64.efi')));
      assert.deepEqual(readFileSync(join(dir, 'mmx64.efi')), readFileSync(join(tree, 'mmx64.efi')));
    });

    it('Secure Boot on: an unsigned replacement module stops initrd_patch before the initrd is rebuilt', async () => {
      const sum = async () => (await lab.exec('h1', 'sha256sum /srv/tftp/uefi/initrd_CN5K.img')).stdout;
      const before = await sum();
      const r = await site(
        'run',
        '-e',
        secureBoot(true),
        '-e',
        `initrd_patch_module_dir=${FIXTURE}/opxs-unsigned`,
      );
      assert.notEqual(r.rc, 0);
      assert.match(r.out, new RegExp(`module ${FIXTURE}/opxs-unsigned/hfi1\\.ko is not signed`));
      assert.match(r.out, /Sign it with a key enrolled on the clients/);
      assert.doesNotMatch(r.out, /TASK \[boot_check/, 'the run stops at initrd_patch');
      assert.equal(await sum(), before, 'the initrd is as it was');
    });

    it('fabplay check: the proof names a file grub.cfg names once it is gone from the TFTP root, and holds again after a run', async () => {
      const ok = await site('check', '-e', secureBoot(true));
      assert.equal(ok.rc, 0, ok.out.slice(-6000));
      proofHolds(ok.out, kver);
      await lab.exec('h1', 'rm /srv/tftp/uefi/vmlinuz');
      const broken = await site('check', '-e', secureBoot(true));
      assert.notEqual(broken.rc, 0);
      assert.match(
        broken.out,
        /FAIL x64 UEFI: uefi\/grub\.cfg linuxefi: uefi\/vmlinuz is missing from the TFTP root \/srv\/tftp/,
      );
      const fixed = await site('run', '-e', secureBoot(true));
      assert.equal(fixed.rc, 0, fixed.out.slice(-6000));
      proofHolds(fixed.out, kver);
    });
  });
}
