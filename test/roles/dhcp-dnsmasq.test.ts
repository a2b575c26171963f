// The dnsmasq backend's configuration: dnsmasq --test parses it, each option-93 architecture gets
// its boot file per subnet, IPoIB reservations are keyed on client identifiers in the named forms.
import { strict as assert } from 'node:assert';
import { roleVars, renderTemplate } from './render.js';
import { checkText, hasCommand } from './checkers.js';
import { subnets } from './dhcp-fixtures.js';

// the first subnet is marked as a fabric subnet (no effect on the configuration itself)
const dnsmasqSubnets = [{ ...subnets[0]!, fabric: true }, subnets[1]!];

const hosts = [
  { name: 'mgmt01', ip: '192.168.100.5', mac: 'AA:BB:CC:DD:EE:01' },
  { name: 'cn01', ip: '192.168.100.21', port_guid: 'd0:06:6a:02:01:00:00:30' },
  { name: 'cn02', ip: '10.20.0.9', client_id: '20:D0:06:6a:02:01:00:00:31' },
  { name: 'cn03', ip: '10.20.0.10', port_guid: 'd0:06:6a:02:01:00:00:32', client_id_form: 'node_id' },
];

const inventory = {
  groups: { pxe_clients: ['cn_a01', 'cn-a02'] },
  hostvars: {
    cn_a01: {
      dhcp_server_client_ip: '192.168.100.31',
      dhcp_server_client_port_guid: '00:11:75:09:01:02:03:04',
      fabric_client_id_form: 'hardware',
    },
    'cn-a02': { dhcp_server_client_ip: '192.168.100.32', dhcp_server_client_mac: '52:54:00:00:00:32' },
  },
};

function conf(extra: Record<string, unknown> = {}): string {
  return renderTemplate(
    'dhcp_server',
    'dnsmasq.conf.j2',
    roleVars('dhcp_server', 'RedHat', {
      dhcp_server_subnets: dnsmasqSubnets,
      dhcp_server_hosts: hosts,
      dhcp_server_interfaces: ['ib0'],
      ...inventory,
      ...extra,
    }),
  );
}

const dnsmasqTest = (text: string) => checkText(text, ['dnsmasq', '--test', '-C', '{}']);

describe('roles/dhcp_server dnsmasq template', function () {
  this.timeout(60000);
  before(function () {
    if (!hasCommand('dnsmasq')) this.skip();
  });

  for (const os of ['Debian', 'RedHat'] as const) {
    it(`${os}: dnsmasq.conf passes dnsmasq --test, DNS and TFTP off`, () => {
      const text = renderTemplate(
        'dhcp_server',
        'dnsmasq.conf.j2',
        roleVars('dhcp_server', os, { dhcp_server_subnets: dnsmasqSubnets, dhcp_server_hosts: hosts }),
      );
      const r = dnsmasqTest(text);
      assert.equal(r.rc, 0, `dnsmasq --test failed:\n${r.out}\n${text}`);
      assert.match(text, /^port=0$/m);
      assert.doesNotMatch(text, /enable-tftp|tftp-root/);
    });
  }

  it('maps every option-93 architecture to its boot file and next server, per subnet', () => {
    const text = conf({
      dhcp_server_bootfile_ia32_uefi: 'uefi/bootia32.efi',
      dhcp_server_bootfile_arm64_uefi: 'uefi/grubaa64.efi',
    });
    assert.equal(dnsmasqTest(text).rc, 0);
    for (const [arch, tag] of [
      [0, 'arch-bios'],
      [6, 'arch-ia32-uefi'],
      [7, 'arch-x64-uefi'],
      [9, 'arch-x64-uefi'],
      [11, 'arch-arm64-uefi'],
      [16, 'arch-x64-http'],
    ] as const)
      assert.match(text, new RegExp(`^dhcp-match=set:${tag},option:client-arch,${arch}$`, 'm'));
    const t = 'tag:net-192-168-100-0,tag:pxe';
    assert.match(text, new RegExp(`^dhcp-boot=${t},tag:arch-bios,pxelinux/pxelinux.0,,192.168.100.1$`, 'm'));
    assert.match(
      text,
      new RegExp(`^dhcp-boot=${t},tag:arch-ia32-uefi,uefi/bootia32.efi,,192.168.100.1$`, 'm'),
    );
    assert.match(text, new RegExp(`^dhcp-boot=${t},tag:arch-x64-uefi,uefi/grubx64.efi,,192.168.100.1$`, 'm'));
    assert.match(
      text,
      new RegExp(`^dhcp-boot=${t},tag:arch-arm64-uefi,uefi/grubaa64.efi,,192.168.100.1$`, 'm'),
    );
    assert.match(
      text,
      /^dhcp-boot=tag:net-10-20-0-0,tag:pxe,tag:arch-x64-uefi,uefi\/grubx64.efi,,10.20.0.1$/m,
    );
    // HTTP boot only where a URL is set, with the vendor class echoed
    assert.doesNotMatch(text, /tag:net-192-168-100-0,tag:http/);
    assert.match(
      text,
      /^dhcp-boot=tag:net-10-20-0-0,tag:http,tag:arch-x64-http,http:\/\/10.20.0.1\/netinstall\/uefi\/grubx64.efi,,10.20.0.1$/m,
    );
    assert.match(
      text,
      /^dhcp-option-force=tag:net-10-20-0-0,tag:http,tag:arch-x64-http,option:vendor-class,HTTPClient$/m,
    );
  });

  it('per-subnet options and range; the interface list binds', () => {
    const text = conf();
    assert.match(text, /^interface=ib0$/m);
    assert.match(
      text,
      /^dhcp-range=set:net-192-168-100-0,192.168.100.100,192.168.100.230,255.255.255.0,600$/m,
    );
    assert.match(text, /^dhcp-range=set:net-10-20-0-0,10.20.1.1,10.20.1.100,255.255.0.0,600$/m);
    assert.match(text, /^dhcp-option=tag:net-192-168-100-0,option:router,192.168.100.1$/m);
    assert.match(text, /^dhcp-option=tag:net-192-168-100-0,option:domain-name,fabric.example$/m);
    assert.match(text, /^dhcp-option=tag:net-192-168-100-0,28,192.168.100.255$/m);
    // dnsmasq would offer itself as router and DNS server: a subnet without them sends none
    assert.match(text, /^dhcp-option=tag:net-10-20-0-0,option:router$/m);
    assert.match(text, /^dhcp-option=tag:net-10-20-0-0,option:dns-server$/m);
  });

  it('reserves Ethernet by MAC and IPoIB by client identifier in the forms each node names', () => {
    const text = conf();
    assert.match(text, /^dhcp-host=aa:bb:cc:dd:ee:01,192.168.100.5,mgmt01$/m);
    // no form named: the first form of dhcp_server_ipoib_client_id_forms (dnsmasq keeps one id per host)
    assert.match(text, /^dhcp-host=id:20:d0:06:6a:02:01:00:00:30,192.168.100.21,cn01$/m);
    assert.match(
      conf({ dhcp_server_ipoib_client_id_forms: ['node_id', 'hardware'] }),
      /^dhcp-host=id:ff:00:00:00:00:00:02:00:00:02:c9:00:d0:06:6a:02:01:00:00:30,192.168.100.21,cn01$/m,
    );
    assert.match(text, /^dhcp-host=id:20:d0:06:6a:02:01:00:00:31,10.20.0.9,cn02$/m);
    assert.match(
      text,
      /^dhcp-host=id:ff:00:00:00:00:00:02:00:00:02:c9:00:d0:06:6a:02:01:00:00:32,10.20.0.10,cn03$/m,
    );
    assert.match(text, /^dhcp-host=id:20:00:11:75:09:01:02:03:04,192.168.100.31,cn-a01$/m);
    assert.match(text, /^dhcp-host=52:54:00:00:00:32,192.168.100.32,cn-a02$/m);
  });

  it('takes the deprecated form names dhclient and rfc4361 as hardware and node_id', () => {
    for (const [oldName, newName] of [
      ['dhclient', 'hardware'],
      ['rfc4361', 'node_id'],
    ]) {
      const renamed = conf({ dhcp_server_ipoib_client_id_forms: [oldName] });
      assert.equal(renamed, conf({ dhcp_server_ipoib_client_id_forms: [newName] }));
    }
    assert.match(
      conf({ dhcp_server_ipoib_client_id_forms: ['rfc4361'] }),
      /^dhcp-host=id:ff:00:00:00:00:00:02:00:00:02:c9:00:d0:06:6a:02:01:00:00:30,192.168.100.21,cn01$/m,
    );
  });

  it('serves TFTP and DNS only when asked', () => {
    const text = conf({
      dhcp_server_dnsmasq_tftp_root: '/var/lib/tftpboot',
      dhcp_server_dnsmasq_dns_port: 53,
    });
    assert.match(text, /^port=53$/m);
    assert.match(text, /^enable-tftp\ntftp-root=\/var\/lib\/tftpboot\ntftp-secure$/m);
  });

  it('dnsmasq --test rejects a broken candidate (the check the template validate relies on)', () => {
    const text = conf().replace(
      /^dhcp-range=set:net-10-20-0-0,10.20.1.1,/m,
      'dhcp-range=set:net-10-20-0-0,10.20.1.x,',
    );
    const r = dnsmasqTest(text);
    assert.notEqual(r.rc, 0);
    assert.match(r.out, /at line \d+ of /);
  });
});
