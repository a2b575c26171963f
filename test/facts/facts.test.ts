import { existsSync, readFileSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import { distributionFacts } from '../../src/facts/distribution.js';
import { networkFacts } from '../../src/facts/network.js';
import { pkgMgr, selinuxFacts, serviceMgr } from '../../src/facts/system.js';
import { factsFromOutput, gatherFacts, selectSubsets } from '../../src/facts/index.js';
import { LocalConnection } from '../../src/connection/local.js';

const IB_ADDR = '80:00:02:08:fe:80:00:00:00:00:00:00:0c:42:a1:03:00:5e:f1:2a';

describe('facts', () => {
  describe('distribution', () => {
    it('reads Rocky, Ubuntu, SLES and Debian as Ansible names them', () => {
      const rocky = distributionFacts(
        ['NAME="Rocky Linux"', 'VERSION="9.3 (Blue Onyx)"', 'ID="rocky"', 'VERSION_ID="9.3"'],
        [],
        ['Rocky Linux release 9.3 (Blue Onyx)'],
      );
      assert.deepEqual(rocky, {
        distribution: 'Rocky',
        distribution_version: '9.3',
        distribution_major_version: '9',
        distribution_release: 'Blue Onyx',
        os_family: 'RedHat',
      });
      const ubuntu = distributionFacts(
        ['ID=ubuntu', 'VERSION_ID="22.04"', 'VERSION_CODENAME=jammy'],
        ['bookworm/sid'],
        [],
      );
      assert.equal(ubuntu.distribution, 'Ubuntu');
      assert.equal(ubuntu.distribution_version, '22.04');
      assert.equal(ubuntu.distribution_major_version, '22');
      assert.equal(ubuntu.os_family, 'Debian');
      const sles = distributionFacts(['NAME="SLES"', 'VERSION_ID="15.5"', 'ID="sles"'], [], []);
      assert.equal(sles.os_family, 'Suse');
      assert.equal(sles.distribution_major_version, '15');
      const debian = distributionFacts(
        ['ID=debian', 'VERSION_ID="12"', 'VERSION_CODENAME=bookworm'],
        ['12.11'],
        [],
      );
      assert.equal(debian.distribution_version, '12.11');
      assert.equal(debian.distribution_release, 'bookworm');
    });
  });

  describe('network', () => {
    const sysnet = [
      'lo 772 00:00:00:00:00:00 65536 unknown 0x9 plain -',
      'eth0 1 52:54:00:12:34:56 1500 up 0x1003 plain virtio_net',
      `ib0 32 ${IB_ADDR} 2044 up 0x1003 plain ib_ipoib`,
      'br-pxe 1 aa:bb:cc:dd:ee:ff 1500 up 0x1003 bridge -',
    ];
    const addrs = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\\       valid_lft forever',
      '2: eth0    inet 10.0.0.6/24 brd 10.0.0.255 scope global secondary eth0\\       valid_lft forever',
      '2: eth0    inet6 fe80::5054:ff:fe12:3456/64 scope link \\       valid_lft forever',
      '3: ib0    inet 192.168.100.1/24 brd 192.168.100.255 scope global ib0\\       valid_lft forever',
    ];
    const f = networkFacts(sysnet, addrs, ['default via 10.0.0.1 dev eth0 proto static'], []);

    it('lists interfaces and types them (ether, infiniband, bridge, loopback)', () => {
      assert.deepEqual(f.interfaces, ['br-pxe', 'eth0', 'ib0', 'lo']);
      assert.equal((f.eth0 as { type: string }).type, 'ether');
      assert.equal((f.ib0 as { type: string }).type, 'infiniband');
      assert.equal((f.br_pxe as { type: string; device: string }).type, 'bridge');
      assert.equal((f.br_pxe as { device: string }).device, 'br-pxe');
      assert.equal((f.lo as { type: string }).type, 'loopback');
    });

    it('keeps the 20-byte IPoIB hardware address and the addresses', () => {
      const ib = f.ib0 as {
        macaddress: string;
        ipv4: { address: string; network: string; netmask: string };
        module: string;
      };
      assert.equal(ib.macaddress, IB_ADDR);
      assert.equal(ib.macaddress.split(':').length, 20);
      assert.deepEqual(
        { a: ib.ipv4.address, n: ib.ipv4.network, m: ib.ipv4.netmask },
        { a: '192.168.100.1', n: '192.168.100.0', m: '255.255.255.0' },
      );
      assert.equal(ib.module, 'ib_ipoib');
      const eth = f.eth0 as { ipv4_secondaries: { address: string }[]; ipv6: { scope: string }[] };
      assert.equal(eth.ipv4_secondaries[0]!.address, '10.0.0.6');
      assert.equal(eth.ipv6[0]!.scope, 'link');
    });

    it('derives default_ipv4 from the default route', () => {
      assert.deepEqual(f.default_ipv4, {
        interface: 'eth0',
        alias: 'eth0',
        gateway: '10.0.0.1',
        macaddress: '52:54:00:12:34:56',
        mtu: 1500,
        type: 'ether',
        address: '10.0.0.5',
        broadcast: '10.0.0.255',
        netmask: '255.255.255.0',
        network: '10.0.0.0',
        prefix: '24',
      });
      assert.deepEqual(f.all_ipv4_addresses, ['10.0.0.5', '10.0.0.6', '192.168.100.1']);
    });

    it("gives a bridge its ports, id and STP state (facts_linux_network's checks)", () => {
      const bridged = networkFacts(sysnet, addrs, [], [], ['br-pxe 8000.aabbccddeeff 1 eth0 ib0']);
      assert.deepEqual(bridged.br_pxe, {
        device: 'br-pxe',
        active: true,
        type: 'bridge',
        macaddress: 'aa:bb:cc:dd:ee:ff',
        mtu: 1500,
        promisc: false,
        interfaces: ['eth0', 'ib0'],
        id: '8000.aabbccddeeff',
        stp: true,
      });
      const bare = networkFacts(sysnet, addrs, [], [], ['br-pxe - 0 ']).br_pxe as Record<string, unknown>;
      assert.deepEqual([bare.interfaces, bare.id, bare.stp], [[], undefined, false]);
      assert.equal((f.eth0 as Record<string, unknown>).interfaces, undefined);
    });
  });

  describe('system', () => {
    it('tells systemd, openrc and sysvinit apart', () => {
      assert.equal(serviceMgr('systemd', new Set()), 'systemd');
      assert.equal(serviceMgr('init', new Set(['/run/openrc', '/etc/init.d'])), 'openrc');
      assert.equal(serviceMgr('fabplay-lab-ini', new Set(['/etc/init.d'])), 'sysvinit');
    });

    it('picks the package manager of the OS family', () => {
      assert.equal(pkgMgr('RedHat', new Set(['/usr/bin/dnf', '/usr/bin/yum'])), 'dnf');
      assert.equal(pkgMgr('RedHat', new Set(['/usr/bin/yum'])), 'yum');
      assert.equal(pkgMgr('Debian', new Set(['/usr/bin/apt-get'])), 'apt');
      assert.equal(pkgMgr('Suse', new Set(['/usr/bin/zypper'])), 'zypper');
    });

    it('reads SELinux state as Ansible does through libselinux, without Python', () => {
      const lib = '/lib/x86_64-linux-gnu/libselinux.so.1';
      const fs = '/sys/fs/selinux/enforce';
      const cfg = '/etc/selinux/config';
      assert.deepEqual(selinuxFacts(new Set([fs, cfg]), ['1'], ['33'], ['SELINUX=enforcing']), {
        selinux: { status: 'Missing selinux Python library' },
        selinux_python_present: false,
      });
      const disabled = { selinux: { status: 'disabled' }, selinux_python_present: true };
      assert.deepEqual(selinuxFacts(new Set([lib]), [], [], []), disabled);
      // a config file without selinuxfs (policycoreutils writes one on Debian), or selinuxfs
      // without a config file: libselinux's is_selinux_enabled() says disabled either way
      assert.deepEqual(selinuxFacts(new Set([lib, cfg]), [], [], ['SELINUX=permissive']), disabled);
      assert.deepEqual(selinuxFacts(new Set([lib, fs]), ['1'], ['33'], []), disabled);
      const on = (enforce: string, config: string[]) =>
        selinuxFacts(new Set(['/usr/lib64/libselinux.so.1', fs, cfg]), [enforce], ['33'], config).selinux;
      assert.deepEqual(on('1', ['# comment', 'SELINUX=enforcing', 'SELINUXTYPE=targeted']), {
        status: 'enabled',
        policyvers: 33,
        config_mode: 'enforcing',
        mode: 'enforcing',
        type: 'targeted',
      });
      assert.deepEqual(on('0', ['SELINUX=Permissive', 'SELINUXTYPE=mls']), {
        status: 'enabled',
        policyvers: 33,
        config_mode: 'permissive',
        mode: 'permissive',
        type: 'mls',
      });
      // no SELINUX= line: config_mode unknown; no SELINUXTYPE=: libselinux's default type
      assert.deepEqual(on('1', ['SELINUX=bogus']), {
        status: 'enabled',
        policyvers: 33,
        config_mode: 'unknown',
        mode: 'enforcing',
        type: 'targeted',
      });
    });
  });

  describe('gather_subset and filter', () => {
    it('follows Ansible: min first, then each entry; a subset named by itself survives exclusions', () => {
      const sorted = (s: string[] | undefined) => [...selectSubsets(s)].sort();
      assert.ok(selectSubsets(undefined).has('network'));
      assert.deepEqual(sorted([]), sorted(['all']));
      // a list with only exclusions starts from the minimal set, not from all (ansible-playbook 2.14)
      assert.deepEqual(sorted(['!hardware']), sorted(['min']));
      const onlyMin = selectSubsets(['!all']);
      assert.ok(onlyMin.has('distribution') && !onlyMin.has('network'));
      assert.ok(selectSubsets(['network']).has('distribution'));
      assert.ok(selectSubsets(['!all', 'network']).has('network'));
      assert.ok(selectSubsets(['network', '!all']).has('network'));
      assert.deepEqual(sorted(['!min']), []);
      assert.deepEqual(sorted(['!all', '!min', 'selinux']), ['selinux']);
      assert.ok(selectSubsets(['devices']).has('hardware'));
      // names Ansible knows and fabplay does not gather select nothing; an exclusion of anything is taken
      assert.deepEqual(sorted(['!all', 'dns', '!whatever']), sorted(['min']));
    });

    it('a subset Ansible does not know fails with its words; a play keyword string is one entry', () => {
      assert.throws(
        () => selectSubsets(['nonsense']),
        /^Error: Bad subset 'nonsense' given to Ansible\. gather_subset options allowed: all, all_ipv4_addresses, /,
      );
      assert.throws(() => selectSubsets(['min,network']), /Bad subset 'min,network'/);
    });

    it('ansible_facts.gather_subset is the list as asked for, with module_setup', async () => {
      const local = new LocalConnection('localhost');
      const f = await gatherFacts(local, { subset: ['!all', 'network'], filter: '*' });
      assert.deepEqual(f.gather_subset, ['!all', 'network']);
      assert.equal(f.module_setup, true);
      assert.deepEqual((await gatherFacts(local, { subset: [] })).gather_subset, ['all']);
      assert.deepEqual((await gatherFacts(local)).gather_subset, ['all']);
    });

    it('fips (a min collector, as in Ansible) is what the kernel says, false when it says nothing', async () => {
      const f = await gatherFacts(new LocalConnection('localhost'), { subset: ['!all'] });
      const kernel = existsSync('/proc/sys/crypto/fips_enabled')
        ? readFileSync('/proc/sys/crypto/fips_enabled', 'utf8').trim() === '1'
        : false;
      assert.equal(f.fips, kernel);
      assert.equal(factsFromOutput('\n@@fips\n1\n', new Set(['fips'])).fips, true);
      assert.equal(factsFromOutput('\n@@fips\n0\n', new Set(['fips'])).fips, false);
      assert.equal(
        (await gatherFacts(new LocalConnection('localhost'), { subset: ['!all', '!min'] })).fips,
        undefined,
      );
    });

    it('gathers this machine through the local connection and filters by pattern', async () => {
      const f = await gatherFacts(new LocalConnection('localhost'), {
        subset: ['!all'],
        filter: 'ansible_distribution*',
      });
      assert.deepEqual(Object.keys(f).sort(), [
        'distribution',
        'distribution_major_version',
        'distribution_release',
        'distribution_version',
      ]);
    });
  });
});
