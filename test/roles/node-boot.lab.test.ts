// Per-node boot entries as a client on the fabric sees them: a lab server (real dhcpd and
// tftpd-hpa, set up by dhcp_server, tftp_server and node_boot) reserves addresses for an Ethernet
// node (by MAC) and an IPoIB-style node (by client identifier). Each client takes its lease, then
// asks the TFTP server for the config files in GRUB's order (test/helpers/grub-lookup.ts) in the
// directory of the boot file DHCP named, and gets its own entry; a client without a reservation
// falls through to the shared grub.cfg. Switching one node to `local` changes only its files.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runWithRoles } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { pxeLease } from '../helpers/pxe-client.js';
import { grubLookupOrder, hexOf } from '../helpers/grub-lookup.js';
import { serverVars } from '../../scripts/lab-pxe.js';

const ETH_MAC = '52:54:00:4e:00:60';
const IB_GUID = '00:11:75:09:01:02:03:61';
const SHARED = '# shared grub.cfg: the installer menu every other client gets\n';

interface Fetched {
  /** every name asked for, with curl's exit status (0 got it, 68 TFTP "file not found") */
  tries: { name: string; rc: number }[];
  name: string;
  text: string;
}

describe("node_boot entries fetched over TFTP by lab clients, in GRUB's order @lab", function () {
  this.timeout(600000);
  const lab = useLab({ hosts: 1, segments: 1 });
  let tmp: ReturnType<typeof makeTempDir>;
  let server = '';
  let net = '';
  const inv = () => join(tmp.dir, 'inventory');

  const nodes = (ibState: 'install' | 'local') => ({
    pxe_clients: {
      hosts: {
        'cn-eth': {
          dhcp_server_client_ip: `${net}.60`,
          dhcp_server_client_mac: ETH_MAC,
          node_boot_interface: 'eth0',
        },
        'cn-ib': {
          dhcp_server_client_ip: `${net}.61`,
          dhcp_server_client_port_guid: IB_GUID,
          fabric_client_id_form: 'hardware',
          node_boot_interface: 'ib1',
          node_boot_extra_args: ['inst.text'],
          node_boot_state: ibState,
        },
      },
    },
  });

  const converge = async (ibState: 'install' | 'local') => {
    writeFileSync(join(inv(), 'pxe_clients.yml'), yaml.dump(nodes(ibState)));
    const r = await runWithRoles(inv(), join(tmp.dir, 'play.yml'));
    assert.equal(r.code, 0, (r.stdout + r.stderr).slice(-5000));
    return r.stdout;
  };

  /** A client on segment 1 (with `mac`, sending `clientId`): DHCP, then GRUB's TFTP lookup. */
  const boot = async (mac: string, clientId?: string): Promise<Fetched & { ip: string }> => {
    const c = await lab.addClient(1, mac);
    const lease = await pxeLease(c.exec, '0007', clientId ? { clientId } : {});
    assert.equal(lease.bootFile, 'uefi/grubx64.efi');
    const up = await c.exec(`ip addr add ${lease.ip}/${lease.mask} dev eth0`);
    assert.equal(up.rc, 0, up.stderr);
    const prefix = posix.dirname(lease.bootFile);
    const tries: Fetched['tries'] = [];
    for (const name of grubLookupOrder(lease.ip, mac)) {
      const r = await c.exec(`curl -sS --connect-timeout 5 tftp://${lease.siaddr}/${prefix}/${name}`);
      tries.push({ name, rc: r.rc });
      if (r.rc === 0) return { ip: lease.ip, tries, name, text: r.stdout };
      assert.equal(r.rc, 68, `${name}: ${r.stderr}`);
    }
    throw new Error(`no config file over TFTP, not even grub.cfg: ${JSON.stringify(tries)}`);
  };
  const serverSums = async () => {
    const r = await lab.exec('h1', 'cd /srv/tftp && sha256sum uefi/grub.cfg* pxelinux/pxelinux.cfg/*');
    assert.equal(r.rc, 0, r.stderr);
    return Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/).reverse()),
    );
  };

  before(async () => {
    tmp = makeTempDir('fabplay-node-boot-lab-');
    server = lab.fabric('h1')!.addr;
    net = server.replace(/\.\d+$/, '');
    mkdirSync(join(inv(), 'host_vars'), { recursive: true });
    copyFileSync(lab.inventory, join(inv(), 'hosts.yml'));
    writeFileSync(
      join(inv(), 'host_vars', 'h1.yml'),
      yaml.dump({
        ...serverVars(server),
        // the reservations come from the pxe_clients group
        dhcp_server_hosts: [],
        node_boot_inst_repo: `http://${server}/netinstall/ISO/RHEL95`,
      }),
    );
    writeFileSync(
      join(tmp.dir, 'play.yml'),
      yaml.dump([
        {
          name: 'DHCP, TFTP and the per-node entries',
          hosts: 'pxe_servers',
          become: true,
          // what bootloader makes in site.yml: GRUB's and pxelinux's directories, the shared grub.cfg
          pre_tasks: [
            {
              name: 'The boot loader directories',
              file: { path: '/srv/tftp/{{ item }}', state: 'directory', mode: '0755' },
              loop: ['uefi', 'pxelinux/pxelinux.cfg'],
            },
            {
              name: 'The shared grub.cfg',
              copy: { content: SHARED, dest: '/srv/tftp/uefi/grub.cfg', mode: '0644' },
            },
          ],
          roles: ['dhcp_server', 'tftp_server', 'node_boot'],
        },
      ]),
    );
    await converge('install');
  });
  after(() => tmp?.cleanup());

  it('the Ethernet node gets grub.cfg-01-<its MAC>, the first name GRUB asks for', async () => {
    const got = await boot(ETH_MAC);
    assert.equal(got.ip, `${net}.60`);
    assert.equal(got.name, `grub.cfg-01-${ETH_MAC.replace(/:/g, '-')}`);
    assert.equal(got.tries.length, 1);
    assert.match(got.text, /^\tlinuxefi uefi\/vmlinuz .* ip=eth0:dhcp( |$)/m);
  });

  it('the IPoIB-style node misses the MAC name and gets grub.cfg-<its IP in hex> with its arguments', async () => {
    const got = await boot('52:54:00:4e:00:61', `20:${IB_GUID}`);
    assert.equal(got.ip, `${net}.61`);
    assert.equal(got.name, `grub.cfg-${hexOf(got.ip)}`);
    assert.deepEqual(
      got.tries.map((t) => t.rc),
      [68, 0],
    );
    const args = /^\tlinuxefi uefi\/vmlinuz (.*)$/m.exec(got.text)?.[1]?.split(' ') ?? [];
    for (const a of [
      'ip=ib1:dhcp',
      `rd.net.dhcp.client-id=ib1:20-${IB_GUID.replace(/:/g, '-')}`,
      'inst.text',
      `inst.repo=http://${server}/netinstall/ISO/RHEL95`,
    ])
      assert.ok(args.includes(a), `${a} missing from:\n${got.text}`);
  });

  it('a client without a reservation tries every shortened hex name, then gets the shared grub.cfg', async () => {
    const got = await boot('52:54:00:4e:00:99');
    assert.ok(Number(got.ip.split('.')[3]) >= 100, got.ip);
    assert.equal(got.name, 'grub.cfg');
    assert.equal(got.text, SHARED);
    assert.deepEqual(
      got.tries.map((t) => t.name),
      grubLookupOrder(got.ip, '52:54:00:4e:00:99'),
    );
  });

  it("switching the IPoIB node to local changes only its files; its client exits to the firmware, the other's entry is as it was", async () => {
    const ethBefore = await boot(ETH_MAC);
    const before = await serverSums();
    await converge('local');
    const after = await serverSums();
    const hex = hexOf(`${net}.61`);
    assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
    assert.deepEqual(
      Object.keys(after)
        .filter((k) => after[k] !== before[k])
        .sort(),
      [`pxelinux/pxelinux.cfg/${hex}`, `uefi/grub.cfg-${hex}`],
    );
    const ib = await boot('52:54:00:4e:00:61', `20:${IB_GUID}`);
    assert.equal(ib.name, `grub.cfg-${hex}`);
    assert.match(ib.text, /menuentry 'Boot from local disk' \{\n\texit\n\}/);
    assert.doesNotMatch(ib.text, /linuxefi/);
    const eth = await boot(ETH_MAC);
    assert.equal(eth.name, ethBefore.name);
    assert.equal(eth.text, ethBefore.text);
  });
});
