// One identity per node, end to end in the lab: a node's port GUID and client-id form are given
// once, as host vars of the node in the inventory. The PXE server (real dhcpd, set up by
// dhcp_server; node_boot's entry in the TFTP root) and the node itself (client_nm's keyfile,
// written on the lab host that plays it) take the same form from there: the reservation, the
// installer's kernel argument and the installed system's NetworkManager id. A client sending that
// form gets the reserved address, one sending the other form a pool address. Changing the form
// in that one place changes all three, and which form gets the address.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runWithRoles } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { ipoibLease } from '../helpers/pxe-client.js';
import { hexOf } from '../helpers/grub-lookup.js';
import { serverVars } from '../../scripts/lab-pxe.js';

const GUID = '00:11:75:09:01:02:03:65';
const FORMS = {
  hardware: `20:${GUID}`,
  node_id: `ff:00:00:00:00:00:02:00:00:02:c9:00:${GUID}`,
} as const;
type Form = keyof typeof FORMS;

describe('one client identity per node: reservation, installer argument and NM keyfile from one inventory entry @lab', function () {
  this.timeout(600000);
  const lab = useLab({ hosts: 2, segments: 1 });
  let tmp: ReturnType<typeof makeTempDir>;
  let net = '';
  const inv = () => join(tmp.dir, 'inventory');
  const nodeIp = () => `${net}.65`;

  const converge = async (form: Form) => {
    const node = {
      dhcp_server_client_ip: nodeIp(),
      dhcp_server_client_port_guid: GUID,
      fabric_client_id_form: form,
      node_boot_interface: 'ib0',
      client_nm_interface: 'ib0',
    };
    writeFileSync(join(inv(), 'pxe_clients.yml'), yaml.dump({ pxe_clients: { hosts: { h2: node } } }));
    const r = await runWithRoles(inv(), join(tmp.dir, 'play.yml'));
    assert.equal(r.code, 0, (r.stdout + r.stderr).slice(-5000));
  };
  const read = async (host: string, path: string) => {
    const r = await lab.exec(host, `cat ${path}`);
    assert.equal(r.rc, 0, r.stderr);
    return r.stdout;
  };
  const leaseIp = async (clientId: string) => (await ipoibLease((await lab.addClient(1)).exec, clientId)).ip;

  before(async () => {
    tmp = makeTempDir('fabplay-identity-e2e-');
    const server = lab.fabric('h1')!.addr;
    net = server.replace(/\.\d+$/, '');
    mkdirSync(join(inv(), 'host_vars'), { recursive: true });
    copyFileSync(lab.inventory, join(inv(), 'hosts.yml'));
    // the reservations come from the pxe_clients group
    writeFileSync(
      join(inv(), 'host_vars', 'h1.yml'),
      yaml.dump({ ...serverVars(server), dhcp_server_hosts: [] }),
    );
    writeFileSync(
      join(tmp.dir, 'play.yml'),
      yaml.dump([
        {
          name: 'PXE server',
          hosts: 'pxe_servers',
          become: true,
          pre_tasks: [
            {
              name: 'The boot loader directories (bootloader makes them in site.yml)',
              file: { path: '/srv/tftp/{{ item }}', state: 'directory', mode: '0755' },
              loop: ['uefi', 'pxelinux/pxelinux.cfg'],
            },
          ],
          roles: ['dhcp_server', 'tftp_server', 'node_boot'],
        },
        { name: 'The node', hosts: 'pxe_clients', become: true, roles: ['client_nm'] },
      ]),
    );
  });
  after(() => tmp?.cleanup());

  for (const [form, other] of [
    ['hardware', 'node_id'],
    ['node_id', 'hardware'],
  ] as [Form, Form][]) {
    it(`fabric_client_id_form ${form}: all three carry ${form}; only that form gets the reserved address`, async () => {
      await converge(form);
      const id = FORMS[form];
      const dhcpd = await read('h1', '/etc/dhcp/dhcpd.conf');
      assert.match(dhcpd, new RegExp(`option dhcp-client-identifier ${id};\\n  fixed-address ${nodeIp()};`));
      assert.ok(!dhcpd.includes(FORMS[other]), `the ${other} form is not reserved:\n${dhcpd}`);
      const entry = await read('h1', `/srv/tftp/uefi/grub.cfg-${hexOf(nodeIp())}`);
      assert.match(entry, new RegExp(` rd\\.net\\.dhcp\\.client-id=ib0:${id.replace(/:/g, '-')}( |$)`, 'm'));
      const keyfile = await read('h2', '/etc/NetworkManager/system-connections/ib0.nmconnection');
      assert.match(keyfile, new RegExp(`^dhcp-client-id=${id}$`, 'm'));
      assert.equal(await leaseIp(id), nodeIp());
      assert.notEqual(await leaseIp(FORMS[other]), nodeIp());
    });
  }
});
