// End to end: a QEMU x86_64 UEFI virtual machine (OVMF, TCG, no disk) network-boots from a lab
// PXE server that `fabplay run playbooks/site.yml` converged: DHCP (the UEFI x64 class's boot
// file), GRUB and grub.cfg over TFTP, a real Debian kernel and the initrd initrd_patch wrote, then
// from inside that initrd a lease and the tree's .treeinfo from the inst.repo URL of the kernel
// command line. Run alone with `npm run test:boot`; part of `npm test` too.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runCli } from '../helpers/cli.js';
import { tarOf } from '../helpers/tar.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { addSecureBootFixture, bootCache, buildBootFixture } from '../helpers/boot-vm-assets.js';
import { bootReport, bootVm, type VmBoot } from '../helpers/boot-vm.js';
import { FIXTURE, serverVars } from '../../scripts/lab-pxe.js';
import { mustRun } from '../../src/lab/run.js';
import { repoRoot } from './render.js';

const SITE = join(repoRoot, 'playbooks/site.yml');
/** A machine the inventory does not know: it gets an address from the range and the shared grub.cfg. */
const STRANGER_MAC = '52:54:00:fa:b0:02';
/** The node the inventory reserves an address for (node_boot writes its own entries). */
const NODE_MAC = '52:54:00:fa:b0:01';
const SERIAL = 'ttyS0,115200n8';

describe('a UEFI VM network-boots from a lab PXE server converged by site.yml @lab @boot', function () {
  this.timeout(1800000);
  const lab = useLab({ hosts: 1, segments: 1 });
  let tmp: ReturnType<typeof makeTempDir>;
  let server = '';
  let nodeIp = '';
  let nodeHex = '';
  let varsFile = '';
  let nodesFile = '';

  const writeNodes = (state: 'install' | 'local') =>
    writeFileSync(
      nodesFile,
      yaml.dump({
        boot_vms: {
          hosts: {
            vm1: {
              dhcp_server_client_ip: nodeIp,
              dhcp_server_client_mac: NODE_MAC,
              node_boot_state: state,
              node_boot_console: SERIAL,
              node_boot_extra_args: ['fabplay.entry=vm1'],
            },
          },
        },
      }),
    );

  before(function () {
    this.timeout(600000);
    tmp = makeTempDir('fabplay-vm-boot-');
    const cache = bootCache();
    buildBootFixture(join(tmp.dir, 'fixture'), cache);
    addSecureBootFixture(join(tmp.dir, 'fixture'), cache);
    server = lab.fabric('h1')!.addr;
    nodeIp = server.replace(/\.\d+$/, '.60');
    nodeHex = nodeIp
      .split('.')
      .map((o) => Number(o).toString(16).padStart(2, '0').toUpperCase())
      .join('');
    varsFile = join(tmp.dir, 'vars.yml');
    nodesFile = join(tmp.dir, 'nodes.yml');
    writeFileSync(
      varsFile,
      yaml.dump({
        ...serverVars(server),
        // the VM is the node: its reservation and its grub.cfg-<hex IP> come from this group
        dhcp_server_reservation_group: 'boot_vms',
        bootloader_grub_timeout: 1,
        node_boot_timeout: 1,
        bootloader_serial_console: SERIAL,
        bootloader_menu_entries: [{ label: 'RHEL 9.5', extra_args: ['fabplay.entry=shared'] }],
        // RRQ lines in the syslog: which files GRUB asked for
        tftp_server_options: ['--verbose'],
      }),
    );
    writeNodes('install');
  });
  before(async function () {
    this.timeout(600000);
    const r = await lab.exec(
      'h1',
      `mkdir -p ${FIXTURE} && tar -xf - -C ${FIXTURE}`,
      tarOf(join(tmp.dir, 'fixture')),
    );
    assert.equal(r.rc, 0, r.stderr);
    await converge();
  });
  after(() => tmp?.cleanup());

  async function converge(...extra: string[]): Promise<void> {
    const r = await runCli(
      ['run', '-i', lab.inventory, '-i', nodesFile, '-e', `@${varsFile}`, ...extra, SITE],
      {
        env: { NO_COLOR: '1' },
      },
    );
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`.slice(-6000));
  }

  const syslog = async (what: RegExp): Promise<string> =>
    (await lab.exec('h1', 'cat /var/log/syslog')).stdout
      .split('\n')
      .filter((l) => what.test(l))
      .join('\n');
  const serverLog = () => syslog(/dhcpd|tftpd/);

  async function boot(
    name: string,
    mac: string,
    stopWhen?: (serial: string) => boolean,
    secureBoot = false,
  ): Promise<VmBoot> {
    // FABPLAY_BOOT_LOGS=DIR keeps each boot's serial log there (DIR/<name>.serial.log)
    const workDir = process.env.FABPLAY_BOOT_LOGS ?? tmp.dir;
    mkdirSync(workDir, { recursive: true });
    const b = await bootVm({ state: lab.state, segment: 1, mac, workDir, name, stopWhen, secureBoot });
    console.log(
      `      QEMU: ${b.seconds.toFixed(1)} s, ended by ${b.end}; ` +
        b.reached.map((s) => `${s.at.toFixed(0)}s ${s.step.split(' ')[0]}`).join(', '),
    );
    // nothing left behind: QEMU gone, its tap gone
    assert.throws(() => process.kill(b.pid, 0), /ESRCH/, `QEMU ${b.pid} still runs`);
    await assert.rejects(mustRun(['ip', '-n', lab.state.mgmtNetns, 'link', 'show', b.tap]));
    return b;
  }

  async function bootsToMarker(name: string, mac: string, secureBoot = false): Promise<VmBoot> {
    const b = await boot(name, mac, undefined, secureBoot);
    assert.ok(b.marker, bootReport(b, await serverLog()));
    return b;
  }

  it('a machine the inventory does not know boots the shared grub.cfg to the marker', async () => {
    const b = await bootsToMarker('shared', STRANGER_MAC);
    const line = (step: string) => b.reached.find((s) => s.step.startsWith(step))!.line;
    assert.match(b.serial, /NBP filename is uefi\/grubx64\.efi/, 'DHCP named the x64 UEFI boot file');
    assert.match(line('grub.cfg read'), /Booting `RHEL 9\.5'/);
    assert.match(
      b.serial,
      /patched by initrd_patch: modules-load\.d: ib_ipoib\.conf; modules: \.\/extra\/hfi1\.ko/,
    );
    const repo = `http://${server}/netinstall/ISO/RHEL95`;
    assert.match(
      b.marker!,
      new RegExp(`^FABPLAY-BOOT-OK entry=shared ip=${server.replace(/\.1$/, '')}\\.1\\d\\d repo=${repo} `),
    );
    assert.equal(b.end, 'poweroff');
  });

  it('the reserved node boots its own grub.cfg-<hex IP> entry; switched to local, GRUB hands it back to the firmware', async () => {
    // GRUB asks for grub.cfg-01-<mac> first: without it (as for an IPoIB node, whose hardware
    // address is not stable), the file it finds is the one named after the reserved address
    const rm = await lab.exec('h1', `rm /srv/tftp/uefi/grub.cfg-01-${NODE_MAC.replace(/:/g, '-')}`);
    assert.equal(rm.rc, 0, `node_boot wrote the MAC entry too: ${rm.stderr}`);
    const b = await bootsToMarker('node', NODE_MAC);
    assert.match(b.marker!, new RegExp(`^FABPLAY-BOOT-OK entry=vm1 ip=${nodeIp.replace(/\./g, '\\.')} `));
    assert.match(b.serial, /Booting `Install vm1'/);
    // the last config file the node asked for is its own: found, so GRUB looked no further
    const asked = (
      await syslog(new RegExp(`RRQ from ${nodeIp.replace(/\./g, '\\.')} filename \\S*grub\\.cfg`))
    )
      .split('\n')
      .map((l) => l.replace(/.* filename /, ''));
    assert.equal(asked.at(-1), `/uefi/grub.cfg-${nodeHex}`, asked.join('\n'));

    writeNodes('local');
    await converge();
    // after GRUB's `exit`, the firmware's boot manager takes the next boot option
    const handedBack = /Booting `Boot from local disk'[^]*?(BdsDxe: loading Boot\d{4} "[^"]*")/;
    const local = await boot('node-local', NODE_MAC, (s) => handedBack.test(s));
    const report = bootReport(local, await serverLog());
    assert.equal(local.end, 'stopped', report);
    assert.doesNotMatch(handedBack.exec(local.serial)![1]!, /PXEv4/, report);
    assert.doesNotMatch(local.serial, /Linux version/, report);
  });

  it('a grub.cfg naming a kernel missing from the TFTP root fails, naming the last step reached', async () => {
    await lab.exec('h1', 'mv /srv/tftp/uefi/vmlinuz /srv/tftp/uefi/vmlinuz.away');
    try {
      const b = await boot('missing-kernel', STRANGER_MAC);
      assert.equal(b.marker, undefined);
      const report = bootReport(b, await serverLog());
      assert.match(report, /^last step reached: grub\.cfg read over TFTP, menu entry booting$/m, report);
      assert.match(report, /^next step, not reached: kernel started$/m, report);
      assert.match(report, /^fatal line: error: File not found\.$/m, report);
      assert.match(report, /--- the PXE server's log \(dhcpd, in\.tftpd\) ---\n[^]*DHCPACK on /, report);
      assert.match(report, /tftpd.*: RRQ from \S+ filename uefi\/vmlinuz$/m, report);
      assert.equal(b.end, 'fatal');
    } finally {
      await lab.exec('h1', 'mv /srv/tftp/uefi/vmlinuz.away /srv/tftp/uefi/vmlinuz');
    }
  });

  it("Secure Boot on: OVMF with Microsoft's keys runs Debian's signed shim, which loads the signed GRUB beside it, to the marker", async () => {
    await converge(
      ...['-e', 'bootloader_secure_boot=true', '-e', `bootloader_tree_source=${FIXTURE}/tree-sb`],
      ...['-e', `initrd_patch_module_dir=${FIXTURE}/opxs-signed`],
    );
    // Debian's signed network GRUB reads /grub/grub.cfg (its built-in prefix), where an EL DVD's
    // GRUB reads the grub.cfg beside it: one line hands it on to the roles' uefi/grub.cfg
    const hop = await lab.exec(
      'h1',
      "mkdir -p /srv/tftp/grub && echo 'configfile /uefi/grub.cfg' > /srv/tftp/grub/grub.cfg",
    );
    assert.equal(hop.rc, 0, hop.stderr);
    const b = await bootsToMarker('secure-boot', STRANGER_MAC, true);
    assert.match(b.serial, /NBP filename is uefi\/shimx64\.efi/);
    assert.match(b.serial, /Fetching Netboot Image uefi\/grubx64\.efi/);
    assert.match(b.serial, /secureboot: Secure boot enabled/);
    assert.match(b.marker!, /^FABPLAY-BOOT-OK entry=shared /);
  });
});
