// dhcp_server with the dnsmasq backend on a lab PXE server, against lab clients framed as IPoIB
// clients are (htype 32, no hardware address, only a client identifier, option 61:
// ipoib-dhcp-client.py): a client gets its reserved address by its client identifier, in either
// named form; each option-93 architecture gets its boot file; a
// candidate dnsmasq --test rejects never replaces the live file and the running dnsmasq serves on.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runRolePlay } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { ipoibLease } from '../helpers/pxe-client.js';
import { serverVars } from '../../scripts/lab-pxe.js';

const GUID_A = '00:11:75:09:01:02:03:04';
const GUID_B = '00:11:75:09:01:02:03:05';
const GUID_C = '00:11:75:09:01:02:03:06';
const NODE_ID_PREFIX = 'ff:00:00:00:00:00:02:00:00:02:c9:00:';

describe('dhcp_server dnsmasq backend serves IPoIB-style clients by client identifier @lab', function () {
  this.timeout(600000);
  const lab = useLab({ hosts: 1, segments: 1 });
  let tmp: ReturnType<typeof makeTempDir>;
  let fabricAddr = '';
  let net = '';

  before(() => {
    tmp = makeTempDir('fabplay-dnsmasq-');
    fabricAddr = lab.fabric('h1')!.addr;
    net = fabricAddr.replace(/\.\d+$/, '');
    writeFileSync(
      join(tmp.dir, 'dhcp.yml'),
      yaml.dump([{ name: 'DHCP server', hosts: 'pxe_servers', become: true, roles: ['dhcp_server'] }]),
    );
    const good = structuredClone(serverVars(fabricAddr)) as Record<string, unknown> & {
      dhcp_server_subnets: Record<string, unknown>[];
    };
    good.dhcp_server_backend = 'dnsmasq';
    good.dhcp_server_bootfile_ia32_uefi = 'uefi/bootia32.efi';
    good.dhcp_server_bootfile_arm64_uefi = 'uefi/grubaa64.efi';
    good.dhcp_server_subnets[0]!.http_boot_url = `http://${fabricAddr}/netinstall/uefi/grubx64.efi`;
    good.dhcp_server_hosts = [
      ...(good.dhcp_server_hosts as unknown[]),
      { name: 'cn-hw', ip: `${net}.60`, port_guid: GUID_A, client_id_form: 'hardware' },
      { name: 'cn-node', ip: `${net}.61`, port_guid: GUID_B, client_id_form: 'node_id' },
      // no form named: reserved in the first form of dhcp_server_ipoib_client_id_forms (hardware)
      { name: 'cn-default', ip: `${net}.62`, port_guid: GUID_C },
    ];
    writeFileSync(join(tmp.dir, 'good.yml'), yaml.dump(good));
    // passes the role's checks, but the range runs into another /24: dnsmasq --test refuses it
    const bad = structuredClone(good);
    bad.dhcp_server_subnets[0]!.range_end = `${fabricAddr.split('.').slice(0, 2).join('.')}.${Number(fabricAddr.split('.')[2]) + 1}.150`;
    writeFileSync(join(tmp.dir, 'bad.yml'), yaml.dump(bad));
  });
  after(() => tmp?.cleanup());

  const play = (varsFile: string) =>
    runRolePlay(lab.inventory, join(tmp.dir, 'dhcp.yml'), join(tmp.dir, varsFile));

  let unreserved = 0;
  /** A lease for a client with `clientId` (default: a GUID no reservation names). */
  const lease = async (arch: string, opts: { clientId?: string; vendorClass?: string } = {}) => {
    const c = await lab.addClient(1);
    const id = opts.clientId ?? `20:00:11:75:09:ff:00:00:${(unreserved++).toString(16).padStart(2, '0')}`;
    return ipoibLease(c.exec, id, arch, opts.vendorClass);
  };

  const live = async () => {
    const r = await lab.exec('h1', 'sha256sum /etc/dnsmasq.conf; pidof dnsmasq');
    assert.equal(r.rc, 0, r.stdout + r.stderr);
    const [sum, pid] = r.stdout.trim().split('\n');
    return { sum: sum!, pid: pid! };
  };

  it('converges; reserved addresses by client identifier in either form, the arch-right boot file', async () => {
    const r = await play('good.yml');
    assert.equal(r.code, 0, (r.stdout + r.stderr).slice(-5000));
    assert.match(r.stdout, /TASK \[dhcp_server : Write dnsmasq\.conf[^\n]*\nchanged: \[h1\]/);
    const conf = (await lab.exec('h1', 'cat /etc/dnsmasq.conf')).stdout;
    assert.match(conf, /^port=0$/m);

    const hw = await lease('0007', { clientId: `20:${GUID_A}` });
    assert.equal(hw.ip, `${net}.60`);
    assert.equal(hw.bootFile, 'uefi/grubx64.efi');
    assert.equal(hw.siaddr, fabricAddr);
    const node = await lease('0009', { clientId: NODE_ID_PREFIX + GUID_B });
    assert.equal(node.ip, `${net}.61`);
    assert.equal(node.bootFile, 'uefi/grubx64.efi');
    assert.equal((await lease('0007', { clientId: `20:${GUID_C}` })).ip, `${net}.62`);
    // lab-pxe's reservation (an explicit client_id)
    assert.equal((await lease('0007', { clientId: '20:d0:06:6a:02:01:00:00:30' })).ip, `${net}.50`);
    // GUID_A in the form its node did not name has no reservation: a pool address
    const other = await lease('0007', { clientId: NODE_ID_PREFIX + GUID_A });
    assert.match(other.ip, new RegExp(`^${net.replace(/\./g, '\\.')}\\.(1[0-4]\\d|150)$`));
  });

  it('each architecture gets its own boot file; HTTPClient 16 gets the URL', async () => {
    assert.equal((await lease('0000')).bootFile, 'pxelinux/pxelinux.0');
    assert.equal((await lease('0006')).bootFile, 'uefi/bootia32.efi');
    assert.equal((await lease('000b')).bootFile, 'uefi/grubaa64.efi');
    const http = await lease('0010', { vendorClass: 'HTTPClient' });
    assert.equal(http.bootFile, `http://${fabricAddr}/netinstall/uefi/grubx64.efi`);
  });

  it('a candidate dnsmasq --test rejects fails the run; the live file and dnsmasq stay and serve', async () => {
    const before = await live();
    assert.match(before.pid, /^\d+$/, 'one dnsmasq runs');
    const r = await play('bad.yml');
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 2, out.slice(-5000));
    assert.match(
      out,
      /failed to validate on h1: \/usr\/sbin\/dnsmasq --test -C \/etc\/\.dnsmasq\.conf\.\S+ rc:1/,
    );
    assert.match(out, /inconsistent DHCP range/);
    const after = await live();
    assert.deepEqual(after, before);
    assert.equal((await lease('0007', { clientId: `20:${GUID_A}` })).ip, `${net}.60`);
  });
});
