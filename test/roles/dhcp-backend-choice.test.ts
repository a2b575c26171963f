// Which DHCP backend dhcp_server picks, and when it refuses Kea, from recorded facts: the role's
// checks (tasks_from: validate, which only reads) run through fabplay on localhost with the
// facts of an RHEL host given as play variables (gather_facts off).
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { repoRoot } from './render.js';

/** Facts as `setup` records them on an RHEL host with an IPoIB port ib0 and an Ethernet eth0. */
const facts = (major: string) => ({
  os_family: 'RedHat',
  distribution: 'RedHat',
  distribution_major_version: major,
  interfaces: ['lo', 'ib0', 'eth0'],
  lo: { device: 'lo', type: 'loopback' },
  ib0: { device: 'ib0', type: 'infiniband', mtu: 2044 },
  eth0: { device: 'eth0', type: 'ether', macaddress: '52:54:00:12:34:56' },
});
const subnet = {
  network: '10.1.0.0',
  prefix: 24,
  range_start: '10.1.0.10',
  range_end: '10.1.0.20',
  next_server: '10.1.0.1',
};

describe('roles/dhcp_server backend choice and the Kea refusal (recorded facts)', function () {
  this.timeout(120000);
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => {
    tmp = makeTempDir('fabplay-dhcp-choice-');
    writeFileSync(join(tmp.dir, 'hosts'), 'localhost ansible_connection=local\n');
  });
  after(() => tmp?.cleanup());

  const check = async (major: string, roleVars: Record<string, unknown>) => {
    const play = [
      {
        hosts: 'localhost',
        gather_facts: false,
        vars: { ansible_facts: facts(major) },
        tasks: [
          { include_role: { name: 'dhcp_server', tasks_from: 'validate' }, vars: roleVars },
          { debug: { msg: 'backend={{ dhcp_server__backend }}' } },
        ],
      },
    ];
    const file = join(tmp.dir, 'play.yml');
    writeFileSync(file, yaml.dump(play));
    const r = await runCli(
      ['run', '-i', join(tmp.dir, 'hosts'), '--roles-path', join(repoRoot, 'roles'), file],
      {
        env: { NO_COLOR: '1' },
      },
    );
    return { code: r.code, out: r.stdout + r.stderr, backend: /"msg": "backend=(\w+)"/.exec(r.stdout)?.[1] };
  };

  it('refuses Kea on an interface the facts report as InfiniBand, naming dnsmasq', async () => {
    const r = await check('10', {
      dhcp_server_os_isc_shipped: false,
      dhcp_server_backend: 'kea',
      dhcp_server_interfaces: ['ib0'],
      dhcp_server_subnets: [subnet],
    });
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /it would serve InfiniBand interface ib0: Kea parses Ethernet framing only/);
    assert.match(r.out, /Use dhcp_server_backend: dnsmasq/);
  });

  it('refuses Kea on a fabric-marked subnet', async () => {
    const r = await check('10', {
      dhcp_server_os_isc_shipped: false,
      dhcp_server_backend: 'kea',
      dhcp_server_interfaces: ['eth0'],
      dhcp_server_subnets: [{ ...subnet, fabric: true }],
    });
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /it would serve fabric subnet 10\.1\.0\.0: Kea/);
  });

  it('lets Kea serve an Ethernet interface', async () => {
    const r = await check('10', {
      dhcp_server_os_isc_shipped: false,
      dhcp_server_backend: 'kea',
      dhcp_server_interfaces: ['eth0'],
      dhcp_server_subnets: [subnet],
    });
    assert.equal(r.code, 0, r.out);
    assert.equal(r.backend, 'kea');
  });

  it('auto: ISC where shipped; else dnsmasq for InfiniBand (listed or, with no list, any) or a fabric subnet; else Kea', async () => {
    const rhel10 = { dhcp_server_os_isc_shipped: false, dhcp_server_subnets: [subnet] };
    assert.equal(
      (await check('9', { dhcp_server_os_isc_shipped: true, dhcp_server_interfaces: ['ib0'] })).backend,
      'isc',
    );
    assert.equal((await check('10', { ...rhel10, dhcp_server_interfaces: ['ib0'] })).backend, 'dnsmasq');
    assert.equal((await check('10', { ...rhel10, dhcp_server_interfaces: [] })).backend, 'dnsmasq');
    assert.equal((await check('10', { ...rhel10, dhcp_server_interfaces: ['eth0'] })).backend, 'kea');
    assert.equal(
      (
        await check('10', {
          ...rhel10,
          dhcp_server_interfaces: ['eth0'],
          dhcp_server_subnets: [{ ...subnet, fabric: true }],
        })
      ).backend,
      'dnsmasq',
    );
  });
});
