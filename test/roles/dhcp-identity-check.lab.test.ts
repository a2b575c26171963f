// dhcp_server's identity check on a lab server, with dnsmasq (which it reads the lease file of)
// and with ISC dhcpd (its DHCPACK lines in syslog), each answering real lab clients framed as
// IPoIB clients are (htype 32, no hardware address, a client identifier: ipoib-dhcp-client.py):
// one node sends the client identifier it is reserved by and gets its address; another sends its
// GUID in the other form and gets a pool address. The check (under ansible-playbook and fabplay)
// warns about that node alone, naming the id it sent and the one reserved, and fails the run
// when asked.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runRolePlay } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { ipoibLease } from '../helpers/pxe-client.js';
import { serverVars } from '../../scripts/lab-pxe.js';
import { hasCommand, runAnsiblePlaybook } from './checkers.js';

const GUID_MATCH = '00:11:75:09:01:02:03:08';
const GUID_OTHER = '00:11:75:09:01:02:03:09';
const NODE_ID_PREFIX = 'ff:00:00:00:00:00:02:00:00:02:c9:00:';

for (const backend of ['dnsmasq', 'isc']) {
  describe(`dhcp_server identity check against the ids ${backend} handed addresses to @lab`, function () {
    this.timeout(900000);
    const lab = useLab({ hosts: 1, segments: 1 });
    let tmp: ReturnType<typeof makeTempDir>;
    let net = '';
    let poolAddr = '';

    const varsFile = (name: string, extra: Record<string, unknown>) => {
      const vars = {
        ...serverVars(lab.fabric('h1')!.addr),
        dhcp_server_backend: backend,
        dhcp_server_hosts: [
          { name: 'cn-match', ip: `${net}.60`, port_guid: GUID_MATCH, client_id_form: 'hardware' },
          { name: 'cn-other', ip: `${net}.61`, port_guid: GUID_OTHER, client_id_form: 'hardware' },
        ],
        ...extra,
      };
      const file = join(tmp.dir, `${name}.yml`);
      writeFileSync(file, yaml.dump(vars));
      return file;
    };
    const playbook = () => join(tmp.dir, 'dhcp.yml');

    const runners = {
      fabplay: async (vars: string) => {
        const r = await runRolePlay(lab.inventory, playbook(), vars);
        return { rc: r.code, out: `${r.stdout}${r.stderr}` };
      },
      'ansible-playbook': async (vars: string) =>
        runAnsiblePlaybook(['-i', lab.inventory, '-e', `@${vars}`, playbook()]),
    };

    before(async () => {
      tmp = makeTempDir('fabplay-dhcp-identity-');
      net = lab.fabric('h1')!.addr.replace(/\.\d+$/, '');
      writeFileSync(
        playbook(),
        yaml.dump([{ name: 'DHCP server', hosts: 'pxe_servers', become: true, roles: ['dhcp_server'] }]),
      );
      const r = await runners.fabplay(varsFile('plain', {}));
      assert.equal(r.rc, 0, r.out.slice(-5000));
      const lease = async (clientId: string) => ipoibLease((await lab.addClient(1)).exec, clientId);
      // the reserved form: the reserved address
      assert.equal((await lease(`20:${GUID_MATCH}`)).ip, `${net}.60`);
      // the other form of the other node's GUID: no reservation matches, a pool address
      poolAddr = (await lease(`${NODE_ID_PREFIX}${GUID_OTHER}`)).ip;
      assert.notEqual(poolAddr, `${net}.61`);
    });
    after(() => tmp?.cleanup());

    for (const [name, run] of Object.entries(runners)) {
      describe(`under ${name}`, () => {
        before(function () {
          if (name === 'ansible-playbook' && !hasCommand('ansible-playbook')) this.skip();
        });

        it('warns about the node whose id matched no reservation, and only about it', async () => {
          const r = await run(varsFile('check', { dhcp_server_identity_check: true }));
          assert.equal(r.rc, 0, r.out.slice(-5000));
          const warning = new RegExp(
            `node cn-other sent client id ${NODE_ID_PREFIX}${GUID_OTHER} and got ${poolAddr.replace(/\./g, '\\.')}, but it is\\s+reserved as 20:${GUID_OTHER} for ${net.replace(/\./g, '\\.')}\\.61`,
          );
          assert.match(r.out, warning);
          assert.doesNotMatch(r.out, /node cn-match sent/);
        });

        it('fails the run when dhcp_server_identity_check_fail asks, naming the node', async () => {
          const r = await run(
            varsFile('strict', { dhcp_server_identity_check: true, dhcp_server_identity_check_fail: true }),
          );
          assert.notEqual(r.rc, 0);
          assert.match(r.out, /1 node\(s\) sent a client id that matched no reservation:\s+cn-other/);
        });
      });
    }
  });
}
