// dhcp_server's identity check on recorded ISC dhcpd log lines (RHEL's dhcpd, as in the manual
// procedure's log, names an IPoIB client, which has no hardware address, by its client id:
// "DHCPACK on <ip> to <id> via ib0"; upstream dhcpd leaves the name empty) and a recorded dhcpd
// lease file (client ids as hex), with reservations from the explicit list and from the inventory
// group, under ansible-playbook and fabplay on localhost. The lab test
// (dhcp-identity-check.lab.test.ts) runs it on what real dnsmasq and dhcpd wrote for lab clients.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { runWithRoles } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { hasCommand, runAnsiblePlaybook } from './checkers.js';

const NODE_ID = 'ff:00:00:00:00:00:02:00:00:02:c9:00:';
const LOG = [
  // reserved form: the fixed address
  'Dec  4 22:07:45 pxe-a dhcpd[812]: DHCPACK on 192.168.100.21 to 20:d0:06:6a:02:01:00:00:30 via ib0',
  // an inventory node in the node_id form although it is reserved in the hardware form
  `Dec  4 22:08:01 pxe-a dhcpd[812]: DHCPACK on 192.168.100.140 to ${NODE_ID}00:11:75:09:01:02:03:04 via ib0`,
  // an explicit reservation by client id, sent in the other form
  `Dec  4 22:08:02 pxe-a dhcpd[812]: DHCPACK on 192.168.100.141 to ${NODE_ID}d0:06:6a:02:01:00:00:31 via ib0`,
  // an Ethernet client and an unknown IPoIB client: no node to report
  'Dec  4 22:08:03 pxe-a dhcpd[812]: DHCPACK on 192.168.100.142 to 52:54:00:00:00:32 via eth0',
  'Dec  4 22:08:04 pxe-a dhcpd[812]: DHCPACK on 192.168.100.143 to 20:00:11:75:09:ff:ff:ff:ff via ib0',
].join('\n');
// dhcpd 4.4.3's lease file with lease-id-format hex, as a lab dhcpd wrote it for an IPoIB client
// (dhcp-identity-check.lab.test.ts): the active lease repeats a logged pair (reported once); a
// freed lease of an id that matches no reservation is history, not reported.
const LEASES = `# This lease file was written by isc-dhcp-4.4.3-P1
authoring-byte-order little-endian;

lease 192.168.100.140 {
  starts 5 2026/12/04 22:08:01;
  ends 5 2026/12/04 22:18:01;
  binding state active;
  next binding state free;
  hardware infiniband ;
  uid ${NODE_ID}00:11:75:09:01:02:03:04;
  set vendor-class-identifier = "PXEClient";
}
lease 192.168.100.144 {
  starts 4 2026/12/03 10:00:00;
  ends 4 2026/12/03 10:10:00;
  binding state free;
  hardware infiniband ;
  uid ${NODE_ID}d0:06:6a:02:01:00:00:31;
}
`;

describe('roles/dhcp_server identity check on recorded dhcpd log lines', function () {
  this.timeout(180000);
  let tmp: ReturnType<typeof makeTempDir>;

  before(() => {
    tmp = makeTempDir('fabplay-identity-');
    writeFileSync(join(tmp.dir, 'dhcpd.log'), `${LOG}\n`);
    writeFileSync(join(tmp.dir, 'dhcpd.leases'), LEASES);
    const inv = {
      all: {
        hosts: { localhost: { ansible_connection: 'local' } },
        children: {
          pxe_clients: {
            hosts: {
              'cn-a01': {
                dhcp_server_client_ip: '192.168.100.31',
                dhcp_server_client_port_guid: '00:11:75:09:01:02:03:04',
                fabric_client_id_form: 'hardware',
              },
            },
          },
        },
      },
    };
    writeFileSync(join(tmp.dir, 'hosts.yml'), yaml.dump(inv));
    const play = [
      {
        hosts: 'localhost',
        gather_facts: false,
        vars: {
          dhcp_server__backend: 'isc',
          dhcp_server_os_syslog: join(tmp.dir, 'dhcpd.log'),
          dhcp_server_os_isc_leasefile: join(tmp.dir, 'dhcpd.leases'),
          dhcp_server_hosts: [
            { name: 'cn01', ip: '192.168.100.21', port_guid: 'd0:06:6a:02:01:00:00:30' },
            { name: 'cn02', ip: '192.168.100.22', client_id: '20:D0:06:6A:02:01:00:00:31' },
          ],
        },
        tasks: [{ include_role: { name: 'dhcp_server', tasks_from: 'identity_check.yml' } }],
      },
    ];
    writeFileSync(join(tmp.dir, 'play.yml'), yaml.dump(play));
  });
  after(() => tmp?.cleanup());

  const runners = {
    'ansible-playbook': async (extra: string[]) =>
      runAnsiblePlaybook(['-i', join(tmp.dir, 'hosts.yml'), join(tmp.dir, 'play.yml'), ...extra]),
    fabplay: async (extra: string[]) => {
      const r = await runWithRoles(join(tmp.dir, 'hosts.yml'), join(tmp.dir, 'play.yml'), extra);
      return { rc: r.code, out: `${r.stdout}${r.stderr}` };
    },
  };

  for (const [name, run] of Object.entries(runners)) {
    describe(`under ${name}`, () => {
      before(function () {
        if (name === 'ansible-playbook' && !hasCommand('ansible-playbook')) this.skip();
      });

      it('names each node whose logged id matched no reservation, with what it sent and what is reserved', async () => {
        const r = await run([]);
        assert.equal(r.rc, 0, r.out.slice(-4000));
        assert.match(
          r.out,
          new RegExp(
            `node cn-a01 sent client id ${NODE_ID}00:11:75:09:01:02:03:04 and got 192\\.168\\.100\\.140, but it is\\s+reserved as 20:00:11:75:09:01:02:03:04 for 192\\.168\\.100\\.31`,
          ),
        );
        assert.match(
          r.out,
          new RegExp(
            `node cn02 sent client id ${NODE_ID}d0:06:6a:02:01:00:00:31 and got 192\\.168\\.100\\.141`,
          ),
        );
        assert.doesNotMatch(r.out, /node cn01 sent/);
        assert.equal((r.out.match(/\[WARNING\]: node /g) ?? []).length, 2, r.out);
      });

      it('fails when asked, naming both nodes', async () => {
        const r = await run(['-e', 'dhcp_server_identity_check_fail=true']);
        assert.notEqual(r.rc, 0);
        assert.match(r.out, /2 node\(s\) sent a client id that matched no reservation:\s+cn-a01, cn02/);
      });
    });
  }
});
