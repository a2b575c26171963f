// node_boot run by fabplay on localhost into a temporary TFTP root: each node with a reserved
// address gets grub.cfg-<IP in hex>; the file GRUB would fetch (its lookup order: 01-<mac>, the
// hex IP shortened a digit at a time, then grub.cfg) carries the node's kernel arguments, the
// installer's client id in the form the DHCP reservation and client_nm use; switching one node
// to local changes only its files.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { runWithRoles } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { renderTemplate, roleVars } from './render.js';
import { checkText, hasCommand } from './checkers.js';
import { grubLookupOrder } from '../helpers/grub-lookup.js';

/** What GRUB would fetch from `dir`: the first file of its lookup order that exists. */
function grubFetch(dir: string, ip: string, mac?: string): { name: string; text: string } {
  const name = grubLookupOrder(ip, mac).find((n) => existsSync(join(dir, n)))!;
  return { name, text: readFileSync(join(dir, name), 'utf8') };
}

const GUID = 'd0:06:6a:02:01:00:00:30';

describe('roles/node_boot per-node GRUB and pxelinux entries', function () {
  this.timeout(120000);
  let tmp: ReturnType<typeof makeTempDir>;
  let root = '';
  const hostVars: Record<string, Record<string, unknown>> = {
    cn01: {
      dhcp_server_client_ip: '192.168.100.21',
      dhcp_server_client_port_guid: GUID,
      fabric_client_id_form: 'node_id',
      node_boot_interface: 'ib1',
      node_boot_console: 'ttyS0,115200',
      node_boot_kickstart_url: 'http://192.168.100.1/ks/cn01.cfg',
    },
    cn02: {
      dhcp_server_client_ip: '192.168.100.22',
      dhcp_server_client_port_guid: '00:11:75:09:01:02:03:04',
    },
    cn03: { dhcp_server_client_ip: '10.20.0.9' }, // no identity: no client-id argument
    eth01: {
      dhcp_server_client_ip: '10.20.0.10',
      dhcp_server_client_mac: '52:54:00:AA:00:10',
      node_boot_interface: 'eth0',
    },
  };

  before(() => {
    tmp = makeTempDir('fabplay-node-boot-');
    root = join(tmp.dir, 'tftp');
    mkdirSync(join(root, 'uefi'), { recursive: true });
    mkdirSync(join(root, 'pxelinux', 'pxelinux.cfg'), { recursive: true });
    writeFileSync(join(root, 'uefi', 'grub.cfg'), '# shared default\n');
  });
  after(() => tmp?.cleanup());

  /** Runs node_boot on localhost with `vars` (and `preTasks`), the nodes in pxe_clients and `groups`. */
  const runNodeBoot = async (
    vars: Record<string, unknown>,
    groups: Record<string, string[]> = {},
    preTasks: unknown[] = [],
  ) => {
    const children: Record<string, unknown> = { pxe_clients: { hosts: hostVars } };
    for (const [g, members] of Object.entries(groups))
      children[g] = { hosts: Object.fromEntries(members.map((m) => [m, {}])) };
    const inv = { all: { hosts: { localhost: { ansible_connection: 'local' } }, children } };
    writeFileSync(join(tmp.dir, 'hosts.yml'), yaml.dump(inv));
    const play = [{ hosts: 'localhost', vars, pre_tasks: preTasks, roles: ['node_boot'] }];
    writeFileSync(join(tmp.dir, 'play.yml'), yaml.dump(play));
    const r = await runWithRoles(join(tmp.dir, 'hosts.yml'), join(tmp.dir, 'play.yml'));
    assert.equal(r.code, 0, (r.stdout + r.stderr).slice(-4000));
  };
  const converge = () =>
    runNodeBoot({
      node_boot_tftp_root: root,
      node_boot_inst_repo: 'http://192.168.100.1/netinstall/ISO/RHEL95',
    });

  const sums = () =>
    Object.fromEntries(
      ['uefi', 'pxelinux/pxelinux.cfg'].flatMap((d) =>
        readdirSync(join(root, d)).map((f) => [
          `${d}/${f}`,
          createHash('sha256')
            .update(readFileSync(join(root, d, f)))
            .digest('hex'),
        ]),
      ),
    );

  it("GRUB's lookup finds each node's entry with its kernel arguments and its one client id", async () => {
    await converge();
    const cn01 = grubFetch(join(root, 'uefi'), '192.168.100.21');
    assert.equal(cn01.name, 'grub.cfg-C0A86415');
    const linux = /^\tlinuxefi uefi\/vmlinuz (.*)$/m.exec(cn01.text)?.[1];
    assert.ok(linux, cn01.text);
    const args = linux.split(' ');
    for (const a of [
      'ip=ib1:dhcp',
      `rd.net.dhcp.client-id=ib1:ff-00-00-00-00-00-02-00-00-02-c9-00-${GUID.replace(/:/g, '-')}`,
      'console=ttyS0,115200',
      'inst.ks=http://192.168.100.1/ks/cn01.cfg',
      'inst.repo=http://192.168.100.1/netinstall/ISO/RHEL95',
      'rd.neednet=1',
      'rd.driver.pre=hfi1,ib_ipoib',
    ])
      assert.ok(args.includes(a), `${a} missing from: ${linux}`);
    assert.match(cn01.text, /^\tinitrdefi uefi\/initrd_CN5K.img$/m);
    if (hasCommand('grub-script-check'))
      assert.equal(checkText(cn01.text, ['grub-script-check', '{}']).rc, 0);
    // the hardware form by default; the default interface
    const cn02 = grubFetch(join(root, 'uefi'), '192.168.100.22').text;
    assert.match(cn02, / ip=ib0:dhcp rd\.net\.dhcp\.client-id=ib0:20-00-11-75-09-01-02-03-04( |$)/m);
    assert.doesNotMatch(grubFetch(join(root, 'uefi'), '10.20.0.9').text, /client-id/);
    // an Ethernet node: GRUB finds its MAC entry first
    const eth = grubFetch(join(root, 'uefi'), '10.20.0.10', '52:54:00:AA:00:10');
    assert.equal(eth.name, 'grub.cfg-01-52-54-00-aa-00-10');
    assert.match(eth.text, / ip=eth0:dhcp( |$)/m);
    // a node without an entry falls through to the shared grub.cfg
    assert.equal(grubFetch(join(root, 'uefi'), '192.168.100.99').name, 'grub.cfg');
    // BIOS: pxelinux.cfg/<hex> too
    const bios = readFileSync(join(root, 'pxelinux/pxelinux.cfg/C0A86415'), 'utf8');
    assert.match(bios, /^ {2}APPEND .*rd\.net\.dhcp\.client-id=ib1:ff-00/m);
  });

  it('the same form reaches the DHCP reservation and the NM keyfile; switching the form changes all', () => {
    for (const form of ['hardware', 'node_id'] as const) {
      const id = form === 'hardware' ? `20:${GUID}` : `ff:00:00:00:00:00:02:00:00:02:c9:00:${GUID}`;
      const nodeVars = {
        dhcp_server_client_ip: '192.168.100.21',
        dhcp_server_client_port_guid: GUID,
        fabric_client_id_form: form,
      };
      const dnsmasq = renderTemplate(
        'dhcp_server',
        'dnsmasq.conf.j2',
        roleVars('dhcp_server', 'RedHat', {
          groups: { pxe_clients: ['cn01'] },
          hostvars: { cn01: nodeVars },
        }),
      );
      assert.match(dnsmasq, new RegExp(`^dhcp-host=id:${id},192.168.100.21,cn01$`, 'm'));
      const keyfile = renderTemplate(
        'client_nm',
        'ipoib.nmconnection.j2',
        roleVars('client_nm', 'RedHat', {
          client_nm__id: 'ib0',
          client_nm__interface: 'ib0',
          client_nm__uuid: '00000000-0000-0000-0000-000000000000',
          client_nm_port_guid: GUID,
          client_nm_client_id_form: form,
        }),
      );
      assert.match(keyfile, new RegExp(`^dhcp-client-id=${id}$`, 'm'));
    }
    // the three roles share one table of forms
    const prefixes = (role: string, name: string) => roleVars(role, 'RedHat')[name];
    assert.deepEqual(
      prefixes('client_nm', 'client_nm_client_id_prefixes'),
      prefixes('dhcp_server', 'dhcp_server_client_id_prefixes'),
    );
    assert.deepEqual(
      prefixes('node_boot', 'node_boot_client_id_prefixes'),
      prefixes('dhcp_server', 'dhcp_server_client_id_prefixes'),
    );
  });

  it('switching one node to local changes only its files; its entry exits to the firmware', async () => {
    const before = sums();
    hostVars.cn02!.node_boot_state = 'local';
    await converge();
    const after = sums();
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    assert.deepEqual(changed.sort(), ['pxelinux/pxelinux.cfg/C0A86416', 'uefi/grub.cfg-C0A86416']);
    assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
    const cn02 = grubFetch(join(root, 'uefi'), '192.168.100.22').text;
    assert.match(cn02, /menuentry 'Boot from local disk' \{\n\texit\n\}/);
    assert.doesNotMatch(cn02, /linuxefi/);
    if (hasCommand('grub-script-check')) assert.equal(checkText(cn02, ['grub-script-check', '{}']).rc, 0);
    assert.match(readFileSync(join(root, 'pxelinux/pxelinux.cfg/C0A86416'), 'utf8'), /^DEFAULT local$/m);
    assert.equal(readFileSync(join(root, 'uefi', 'grub.cfg'), 'utf8'), '# shared default\n');
  });

  it("as in site.yml: by default the nodes of dhcp_server's reservation group, with bootloader's inst.repo", async () => {
    const siteRoot = join(tmp.dir, 'site-tftp');
    mkdirSync(join(siteRoot, 'uefi'), { recursive: true });
    mkdirSync(join(siteRoot, 'pxelinux', 'pxelinux.cfg'), { recursive: true });
    const repo = 'http://192.168.100.1/netinstall/ISO/FROMBOOTLOADER';
    await runNodeBoot(
      { node_boot_tftp_root: siteRoot, dhcp_server_reservation_group: 'segment_a_clients' },
      { segment_a_clients: ['cn01'] },
      // what bootloader publishes when it runs before node_boot in site.yml
      [{ name: 'bootloader ran', set_fact: { bootloader__inst_repo: repo } }],
    );
    assert.deepEqual(readdirSync(join(siteRoot, 'uefi')), ['grub.cfg-C0A86415']);
    assert.deepEqual(readdirSync(join(siteRoot, 'pxelinux', 'pxelinux.cfg')), ['C0A86415']);
    assert.match(
      readFileSync(join(siteRoot, 'uefi', 'grub.cfg-C0A86415'), 'utf8'),
      new RegExp(` inst\\.repo=${repo}( |$)`, 'm'),
    );
  });
});
