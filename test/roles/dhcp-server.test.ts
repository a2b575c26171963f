import { strict as assert } from 'node:assert';
import { roleVars, renderTemplate, type OsFamily } from './render.js';
import { checkText, hasCommand } from './checkers.js';
import { subnets } from './dhcp-fixtures.js';

const hosts = [
  { name: 'mgmt01', ip: '192.168.100.5', mac: 'AA:BB:CC:DD:EE:01' },
  { name: 'cn01', ip: '192.168.100.21', port_guid: 'd0:06:6a:02:01:00:00:30' },
  { name: 'cn02', ip: '10.20.0.9', client_id: '20:d0:06:6a:02:01:00:00:31' },
];

// Reservations from the inventory: the group and hostvars the template reads.
const inventory = {
  groups: { pxe_clients: ['cn-a01', 'cn-a02'] },
  hostvars: {
    'cn-a01': {
      dhcp_server_client_ip: '192.168.100.31',
      dhcp_server_client_port_guid: '00:11:75:09:01:02:03:04',
    },
    'cn-a02': { dhcp_server_client_ip: '192.168.100.32', dhcp_server_client_mac: '52:54:00:00:00:32' },
  },
};

function dhcpd(os: OsFamily, extra: Record<string, unknown> = {}): string {
  return renderTemplate(
    'dhcp_server',
    'dhcpd.conf.j2',
    roleVars('dhcp_server', os, {
      dhcp_server_subnets: subnets,
      dhcp_server_hosts: hosts,
      ...inventory,
      ...extra,
    }),
  );
}

describe('roles/dhcp_server templates', function () {
  this.timeout(180000);
  before(function () {
    if (!hasCommand('dhcpd')) this.skip();
  });

  for (const os of ['Debian', 'RedHat'] as const) {
    it(`${os}: dhcpd.conf passes dhcpd -t`, () => {
      const conf = dhcpd(os);
      const r = checkText(conf, ['dhcpd', '-t', '-cf', '{}']);
      assert.equal(r.rc, 0, `dhcpd -t failed:\n${r.out}\n${conf}`);
    });
  }

  it('maps every option-93 architecture to its boot file', () => {
    const conf = dhcpd('Debian', {
      dhcp_server_bootfile_ia32_uefi: 'uefi/bootia32.efi',
      dhcp_server_bootfile_arm64_uefi: 'uefi/grubaa64.efi',
    });
    assert.match(conf, /architecture-type = 00:00 \{\s*filename "pxelinux\/pxelinux.0";/);
    assert.match(conf, /architecture-type = 00:06 \{\s*filename "uefi\/bootia32.efi";/);
    assert.match(
      conf,
      /architecture-type = 00:07 or option architecture-type = 00:09 \{\s*filename "uefi\/grubx64.efi";/,
    );
    assert.match(conf, /architecture-type = 00:0b \{\s*filename "uefi\/grubaa64.efi";/);
    assert.equal(checkText(conf, ['dhcpd', '-t', '-cf', '{}']).rc, 0);
  });

  it('offers shim to x64 UEFI clients when bootloader_secure_boot is on (the variable both roles read)', () => {
    const x64 = /architecture-type = 00:07 or option architecture-type = 00:09 \{\s*filename "([^"]+)";/;
    assert.equal(x64.exec(dhcpd('Debian', { bootloader_secure_boot: true }))?.[1], 'uefi/shimx64.efi');
    assert.equal(x64.exec(dhcpd('Debian', { bootloader_secure_boot: false }))?.[1], 'uefi/grubx64.efi');
  });

  it('answers HTTPClient with the vendor class echoed back and a URL, only where a URL is set', () => {
    const conf = dhcpd('Debian');
    const [first, second] = conf.split(/^subnet /m).slice(1);
    assert.doesNotMatch(first!, /HTTPClient/);
    assert.match(
      second!,
      /"HTTPClient" \{\s*if option architecture-type = 00:10 \{\s*option vendor-class-identifier "HTTPClient";\s*filename "http:\/\/10.20.0.1\/netinstall\/uefi\/grubx64.efi";/,
    );
  });

  it('drops the BIOS offer when asked', () => {
    const conf = dhcpd('Debian', { dhcp_server_bios_enabled: false });
    assert.doesNotMatch(conf, /architecture-type = 00:00|pxelinux/);
    assert.equal(checkText(conf, ['dhcpd', '-t', '-cf', '{}']).rc, 0);
  });

  it('computes the netmask from a prefix', () => {
    const conf = dhcpd('Debian', {
      dhcp_server_subnets: [
        {
          ...subnets[0],
          network: '172.16.0.0',
          prefix: 12,
          range_start: '172.16.0.10',
          range_end: '172.16.0.20',
        },
      ],
    });
    assert.match(conf, /subnet 172.16.0.0 netmask 255.240.0.0 \{/);
    assert.equal(checkText(conf, ['dhcpd', '-t', '-cf', '{}']).rc, 0);
  });

  it('reserves Ethernet by MAC and IPoIB by client identifier, in both forms from a port GUID', () => {
    const conf = dhcpd('Debian');
    assert.match(
      conf,
      /host mgmt01 \{\s*hardware ethernet aa:bb:cc:dd:ee:01;\s*fixed-address 192.168.100.5;/,
    );
    assert.match(conf, /host cn01-hardware \{\s*option dhcp-client-identifier 20:d0:06:6a:02:01:00:00:30;/);
    assert.match(
      conf,
      /host cn01-node-id \{\s*option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:d0:06:6a:02:01:00:00:30;/,
    );
    assert.match(
      conf,
      /host cn02 \{\s*option dhcp-client-identifier 20:d0:06:6a:02:01:00:00:31;\s*fixed-address 10.20.0.9;/,
    );
    // and from the inventory group
    assert.match(
      conf,
      /host cn-a01-hardware \{\s*option dhcp-client-identifier 20:00:11:75:09:01:02:03:04;\s*fixed-address 192.168.100.31;/,
    );
    assert.match(conf, /host cn-a02 \{\s*hardware ethernet 52:54:00:00:00:32;/);
  });

  it('takes the deprecated form names dhclient and rfc4361 as hardware and node_id', () => {
    const renamed = dhcpd('Debian', { dhcp_server_ipoib_client_id_forms: ['rfc4361', 'dhclient'] });
    assert.equal(renamed, dhcpd('Debian', { dhcp_server_ipoib_client_id_forms: ['node_id', 'hardware'] }));
    assert.match(
      renamed,
      /host cn01-node-id \{\s*option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:d0:06/,
    );
    assert.match(
      renamed,
      /host cn01-hardware \{\s*option dhcp-client-identifier 20:d0:06:6a:02:01:00:00:30;/,
    );
  });

  it('dhcpd -t rejects a broken candidate (the check the template validate relies on)', () => {
    const conf = dhcpd('Debian').replace('range 192.168.100.100 192.168.100.230;', 'range 192.168.100.100;;');
    assert.notEqual(checkText(conf, ['dhcpd', '-t', '-cf', '{}']).rc, 0);
  });

  it('writes the interfaces for the Debian init script and the RHEL unit', () => {
    const deb = renderTemplate(
      'dhcp_server',
      'isc-dhcp-server.default.j2',
      roleVars('dhcp_server', 'Debian', { dhcp_server_interfaces: ['ib0', 'ib1'] }),
    );
    assert.match(deb, /^INTERFACESv4="ib0 ib1"$/m);
    assert.match(deb, /^DHCPDv4_CONF=\/etc\/dhcp\/dhcpd.conf$/m);
    const rh = renderTemplate(
      'dhcp_server',
      'dhcpd.sysconfig.j2',
      roleVars('dhcp_server', 'RedHat', { dhcp_server_interfaces: ['ib0'] }),
    );
    assert.match(rh, /^DHCPDARGS="ib0"$/m);
  });
});

describe('roles/dhcp_server Kea template', function () {
  this.timeout(180000);
  before(function () {
    if (!hasCommand('kea-dhcp4')) this.skip();
  });

  const keaHosts = [
    { name: 'mgmt01', ip: '192.168.100.5', mac: 'AA:BB:CC:DD:EE:01' },
    { name: 'mgmt02', ip: '10.20.3.4', mac: 'aa:bb:cc:dd:ee:02' },
  ];

  for (const os of ['Debian', 'RedHat'] as const) {
    it(`${os}: kea-dhcp4.conf passes kea-dhcp4 -t`, () => {
      const conf = renderTemplate(
        'dhcp_server',
        'kea-dhcp4.conf.j2',
        roleVars('dhcp_server', os, {
          dhcp_server_subnets: subnets,
          dhcp_server_hosts: keaHosts,
          dhcp_server_http_boot_url: 'http://192.168.100.1/netinstall/uefi/grubx64.efi',
          dhcp_server_bootfile_arm64_uefi: 'uefi/grubaa64.efi',
        }),
      );
      const r = checkText(conf, ['kea-dhcp4', '-t', '{}']);
      assert.equal(r.rc, 0, `kea-dhcp4 -t failed:\n${r.out}\n${conf}`);
      assert.match(conf, /option\[93\].hex == 0x0007 or option\[93\].hex == 0x0009/);
      assert.match(conf, /"subnet": "10.20.0.0\/16"/);
      // each reservation lands in the subnet that holds its address
      const [, first, second] = conf.split('"subnet4"')[1]!.split('"id"');
      assert.match(first!, /"hw-address": "aa:bb:cc:dd:ee:01"/);
      assert.doesNotMatch(first!, /ee:02/);
      assert.match(second!, /"hw-address": "aa:bb:cc:dd:ee:02"/);
    });
  }

  it('subnet ids come from the network address; each subnet hands out its own HTTP-boot URL', () => {
    const render = (nets: typeof subnets) =>
      renderTemplate(
        'dhcp_server',
        'kea-dhcp4.conf.j2',
        roleVars('dhcp_server', 'Debian', {
          dhcp_server_subnets: nets,
          dhcp_server_http_boot_url: 'http://192.168.100.1/boot/grubx64.efi',
        }),
      );
    const conf = render(subnets);
    const r = checkText(conf, ['kea-dhcp4', '-t', '{}']);
    assert.equal(r.rc, 0, `kea-dhcp4 -t failed:\n${r.out}\n${conf}`);
    const ids = (text: string) =>
      Object.fromEntries(
        [...text.matchAll(/"id": (\d+),\s*"subnet": "([\d.]+)\//g)].map((m) => [m[2]!, Number(m[1])]),
      );
    // 192.168.100.0 = 0xc0a86400, 10.20.0.0 = 0x0a140000
    assert.deepEqual(ids(conf), { '192.168.100.0': 0xc0a86400, '10.20.0.0': 0x0a140000 });
    // reordered, and a subnet added in front: the ids stay
    const extra = { ...subnets[1]!, network: '10.30.0.0', range_start: '10.30.1.1', range_end: '10.30.1.9' };
    const moved = render([extra, subnets[1]!, subnets[0]!]);
    assert.equal(checkText(moved, ['kea-dhcp4', '-t', '{}']).rc, 0);
    assert.deepEqual(ids(moved), {
      '10.30.0.0': 0x0a1e0000,
      '10.20.0.0': 0x0a140000,
      '192.168.100.0': 0xc0a86400,
    });
    // one HTTP class per subnet, evaluated once the subnet is chosen
    assert.match(
      conf,
      /"name": "http_x64_uefi_192_168_100_0",\s*"only-if-required": true,[^\n]*\n[^\n]*\n\s*"boot-file-name": "http:\/\/192.168.100.1\/boot\/grubx64.efi"/,
    );
    assert.match(
      conf,
      /"name": "http_x64_uefi_10_20_0_0",\s*"only-if-required": true,[^\n]*\n[^\n]*\n\s*"boot-file-name": "http:\/\/10.20.0.1\/netinstall\/uefi\/grubx64.efi"/,
    );
    assert.match(
      conf,
      /"subnet": "10.20.0.0\/16",[\s\S]*?"require-client-classes": \[ "http_x64_uefi_10_20_0_0" \]/,
    );
  });
});
