// Two dnsmasq servers on one fabric segment, with identical reservations and split pools (each
// server's range in its host_vars): one stopped, a client still gets its reserved address from
// the other, and a new client an address from the other's half of the pool.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runRolePlay } from '../helpers/cli.js';
import { mustRun } from '../../src/lab/run.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { pxeLease } from '../helpers/pxe-client.js';

const GUID = '00:11:75:09:01:02:03:07';

describe('two dnsmasq servers on one segment: split pools, identical reservations @lab', function () {
  this.timeout(600000);
  const lab = useLab({ hosts: 2, segments: 2 });
  let tmp: ReturnType<typeof makeTempDir>;
  let net = '';
  let h2Addr = '';

  before(async () => {
    tmp = makeTempDir('fabplay-dhcp-pair-');
    const h1Addr = lab.fabric('h1')!.addr;
    net = h1Addr.replace(/\.\d+$/, '');
    h2Addr = `${net}.2`;
    // h2's fabric port moves onto segment 1's bridge, with an address of segment 1
    await mustRun(['ip', '-n', lab.state.mgmtNetns, 'link', 'set', 'f2', 'master', 'seg1']);
    const r = await lab.exec('h2', `ip addr flush dev fab0 && ip addr add ${h2Addr}/24 dev fab0`);
    assert.equal(r.rc, 0, r.stderr);

    const inv = join(tmp.dir, 'inventory');
    mkdirSync(join(inv, 'host_vars'), { recursive: true });
    copyFileSync(lab.inventory, join(inv, 'hosts.yml'));
    const server = (rangeStart: number, rangeEnd: number) => ({
      dhcp_server_backend: 'dnsmasq',
      dhcp_server_interfaces: ['fab0'],
      dhcp_server_subnets: [
        {
          network: `${net}.0`,
          prefix: 24,
          range_start: `${net}.${rangeStart}`,
          range_end: `${net}.${rangeEnd}`,
          next_server: h1Addr,
          fabric: true,
        },
      ],
      dhcp_server_hosts: [{ name: 'cn-pair', ip: `${net}.70`, port_guid: GUID, client_id_form: 'hardware' }],
    });
    writeFileSync(join(inv, 'host_vars', 'h1.yml'), yaml.dump(server(100, 124)));
    writeFileSync(join(inv, 'host_vars', 'h2.yml'), yaml.dump(server(125, 150)));
    writeFileSync(
      join(tmp.dir, 'dhcp.yml'),
      yaml.dump([{ name: 'DHCP servers', hosts: 'pxe_servers', become: true, roles: ['dhcp_server'] }]),
    );
    writeFileSync(join(tmp.dir, 'none.yml'), '{}\n');
    const play = await runRolePlay(inv, join(tmp.dir, 'dhcp.yml'), join(tmp.dir, 'none.yml'));
    assert.equal(play.code, 0, (play.stdout + play.stderr).slice(-5000));
  });
  after(() => tmp?.cleanup());

  const lease = async (clientId?: string) => pxeLease((await lab.addClient(1)).exec, '0007', { clientId });

  it('both answer; with one stopped the other gives the reserved address and its own pool half', async () => {
    assert.equal((await lease(`20:${GUID}`)).ip, `${net}.70`);
    const stop = await lab.exec('h1', '/etc/init.d/dnsmasq stop && ! pidof dnsmasq');
    assert.equal(stop.rc, 0, stop.stdout + stop.stderr);
    const reserved = await lease(`20:${GUID}`);
    assert.equal(reserved.ip, `${net}.70`);
    assert.equal(reserved.serverid, h2Addr);
    const dynamic = await lease();
    assert.equal(dynamic.serverid, h2Addr);
    const last = Number(dynamic.ip.split('.')[3]);
    assert.ok(last >= 125 && last <= 150, `${dynamic.ip} is in h2's half of the pool`);
  });
});
