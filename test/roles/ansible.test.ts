// The roles and playbooks under the reference implementation, ansible-playbook 2.14, and under
// fabplay: they load, and a wrong value stops a role before its first task. Nothing here changes the controller:
// the plays run in check mode against localhost, and fail in the role's argument validation or
// its first read-only checks.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { repoRoot } from './render.js';
import { hasCommand } from './checkers.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { runCli } from '../helpers/cli.js';

const ENV = {
  ...process.env,
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_LOCALHOST_WARNING: 'false',
  ANSIBLE_RETRY_FILES_ENABLED: 'false',
  ANSIBLE_ROLES_PATH: join(repoRoot, 'roles'),
};

function ansible(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', env: ENV, timeout: 170000 });
  return { rc: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

type Runner = 'ansible-playbook' | 'fabplay';

/** Runs one role on localhost in check mode with the given variables. */
async function runRole(runner: Runner, role: string, vars: Record<string, unknown>, gatherFacts = false) {
  const t = makeTempDir('fabplay-ansible-');
  try {
    const play = [
      { hosts: 'localhost', connection: 'local', gather_facts: gatherFacts, roles: [{ role, vars }] },
    ];
    const file = join(t.dir, 'play.yml');
    writeFileSync(file, yaml.dump(play));
    if (runner === 'ansible-playbook')
      return ansible('ansible-playbook', ['-i', 'localhost,', '--check', file]);
    const r = await runCli(['run', '-i', 'localhost,', '--check', file], {
      env: { ANSIBLE_ROLES_PATH: ENV.ANSIBLE_ROLES_PATH, NO_COLOR: '1' },
    });
    return { rc: r.code, out: `${r.stdout}${r.stderr}` };
  } finally {
    t.cleanup();
  }
}

describe('roles under ansible-playbook (reference behaviour)', function () {
  this.timeout(180000);
  before(function () {
    if (!hasCommand('ansible-playbook')) this.skip();
  });

  it('site.yml with the example inventory passes --syntax-check', () => {
    const r = ansible('ansible-playbook', [
      '-i',
      'inventory/example',
      'playbooks/site.yml',
      '--syntax-check',
    ]);
    assert.equal(r.rc, 0, r.out);
  });

  it('the example inventory: four servers on four segments, clients with IPoIB identifiers, per-segment subnets', () => {
    const r = ansible('ansible-inventory', ['-i', 'inventory/example', '--list']);
    assert.equal(r.rc, 0, r.out);
    const inv = JSON.parse(r.out.slice(r.out.indexOf('{'))) as {
      pxe_servers: { hosts: string[] };
      _meta: { hostvars: Record<string, Record<string, any>> };
    };
    assert.deepEqual(inv.pxe_servers.hosts.sort(), ['pxe-a', 'pxe-b', 'pxe-c', 'pxe-d']);
    const hv = inv._meta.hostvars;
    // the roles' variables are built from the segment's group_vars (templated when a task runs)
    assert.equal(hv['pxe-a']!.dhcp_server_reservation_group, '{{ fabric_clients_group }}');
    assert.equal(hv['pxe-a']!.fabric_clients_group, 'fabric_a');
    assert.equal(hv['pxe-b']!.dhcp_server_subnets[0].network, '{{ fabric_network }}');
    assert.equal(hv['pxe-b']!.fabric_network, '192.168.101.0');
    assert.equal(hv['pxe-b']!.fabric_interface, 'ibp33s0');
    assert.equal(hv['pxe-d']!.fabric_next_server, '192.168.103.1');
    assert.equal(hv['pxe-c']!.rollout_gate_client, 'gate-c');
    assert.equal(hv['pxe-d']!.rollout_gate_client, undefined, 'segment d has no gate client');
    assert.equal(hv['cn-a02']!.dhcp_server_client_id, '20:d0:06:6a:02:01:00:00:31');
    assert.equal(hv['cn-b01']!.client_nm_interface, 'ibp33s0d1');
  });
});

for (const runner of ['ansible-playbook', 'fabplay'] as const) {
  describe(`roles stop on bad values before any change, under ${runner}`, function () {
    this.timeout(180000);
    before(function () {
      if (runner === 'ansible-playbook' && !hasCommand('ansible-playbook')) this.skip();
    });

    const badValues: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'dhcp_server',
        { dhcp_server_backend: 'udhcpd' },
        /dhcp_server_backend.*must be one of: auto, isc, kea, dnsmasq/,
      ],
      ['dhcp_server', { dhcp_server_ipoib_client_id_forms: ['guid'] }, /dhcp_server_ipoib_client_id_forms/],
      [
        'dhcp_server',
        {
          dhcp_server_subnets: [
            { network: '10.9.0.0', prefix: 'wide', range_start: '10.9.0.10', range_end: '10.9.0.20' },
          ],
        },
        /dhcp_server_subnets[\s\S]*prefix|prefix[\s\S]*dhcp_server_subnets/,
      ],
      ['http_server', { http_server_port: 'eighty' }, /http_server_port.*(int|integer)/],
      [
        'tftp_server',
        { tftp_server_systemd_units: 'mine' },
        /tftp_server_systemd_units.*must be one of: distribution, seed/,
      ],
      [
        'node_boot',
        { node_boot_default_state: 'pxe' },
        /node_boot_default_state.*must be one of: install, local/,
      ],
      ['initrd_patch', { initrd_patch_compression: 'bzip2' }, /initrd_patch_compression.*must be one of/],
      ['bootloader', { bootloader_menu_entries: [{ extra_args: ['x'] }] }, /label/],
      [
        'client_nm',
        { client_nm_transport_mode: 'reliable' },
        /client_nm_transport_mode.*must be one of: datagram, connected/,
      ],
    ];
    for (const [role, vars, message] of badValues) {
      it(`${role}: ${JSON.stringify(vars)} fails in argument validation, before any task`, async () => {
        const r = await runRole(runner, role, vars);
        assert.notEqual(r.rc, 0);
        assert.match(r.out, /Validating arguments against arg spec/);
        assert.match(r.out, message);
        assert.doesNotMatch(r.out, /TASK \[[a-z_]+ : (Load|Install|Check)/);
      });
    }

    it('dhcp_server: Kea asked for an IPoIB reservation stops with the Kea message, before installing', async () => {
      const r = await runRole(
        runner,
        'dhcp_server',
        {
          dhcp_server_backend: 'kea',
          dhcp_server_subnets: [
            {
              network: '192.168.100.0',
              prefix: 24,
              range_start: '192.168.100.10',
              range_end: '192.168.100.20',
              next_server: '192.168.100.1',
            },
          ],
          dhcp_server_hosts: [{ name: 'cn01', ip: '192.168.100.21', port_guid: 'd0:06:6a:02:01:00:00:30' }],
        },
        true,
      );
      assert.notEqual(r.rc, 0);
      assert.match(r.out, /Kea does not serve IPoIB clients\. Use dhcp_server_backend: dnsmasq/);
      assert.doesNotMatch(r.out, /TASK \[dhcp_server : Install/);
    });

    it('dhcp_server: a bad reservation address stops in the checks, before installing', async () => {
      const r = await runRole(
        runner,
        'dhcp_server',
        { dhcp_server_hosts: [{ name: 'cn01', ip: '192.168.100', mac: '52:54:00:00:00:01' }] },
        true,
      );
      assert.notEqual(r.rc, 0);
      assert.match(r.out, /dhcp_server_hosts entry cn01: needs name, ip/);
      assert.doesNotMatch(r.out, /TASK \[dhcp_server : Install/);
    });

    it('dhcp_server: the deprecated form names pass validation with a warning naming the new ones', async () => {
      const r = await runRole(
        runner,
        'dhcp_server',
        {
          dhcp_server_ipoib_client_id_forms: ['dhclient', 'rfc4361'],
          // a bad address stops the role in its checks, after the warning and before any change
          dhcp_server_hosts: [{ name: 'cn01', ip: '192.168.100', mac: '52:54:00:00:00:01' }],
        },
        true,
      );
      assert.doesNotMatch(r.out, /must be one of/);
      assert.match(r.out, /dhclient is a deprecated name;\s+write hardware instead/);
      assert.match(r.out, /rfc4361 is a deprecated name;\s+write node_id instead/);
      assert.match(r.out, /dhcp_server_hosts entry cn01: needs name, ip/);
    });

    it('bootloader: a kernel argument GRUB would split stops in the checks', async () => {
      const r = await runRole(
        runner,
        'bootloader',
        { bootloader_tree_source: '/nonexistent', bootloader_kernel_args: ['ip=ib1:dhcp', 'a b'] },
        true,
      );
      assert.notEqual(r.rc, 0);
      assert.match(r.out, /kernel argument a b: no spaces/);
      assert.doesNotMatch(r.out, /TASK \[bootloader : Install/);
    });
  });
}
