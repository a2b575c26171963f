import assert from 'node:assert/strict';
import { formatIp, ipaddr, parseNet } from '../../src/template/ipaddr.js';
import { cases } from './helpers.js';

describe('ipaddr filters', () => {
  cases([
    ['{{ "192.168.100.7/24" | ansible.utils.ipaddr("network") }}', '192.168.100.0'],
    ['{{ "192.168.100.7/24" | ansible.utils.ipaddr("netmask") }}', '255.255.255.0'],
    ['{{ "192.168.100.7/24" | ansible.utils.ipaddr("broadcast") }}', '192.168.100.255'],
    ['{{ "192.168.100.7/24" | ansible.utils.ipaddr("address") }}', '192.168.100.7'],
    ['{{ "192.168.100.7/24" | ansible.utils.ipaddr("prefix") }}', 24],
    ['{{ "192.168.100.7/24" | ipaddr("network/prefix") }}', '192.168.100.0/24'],
    ['{{ "192.168.100.7/24" | ipaddr("host") }}', '192.168.100.7/24'],
    ['{{ "192.168.100.7/24" | ipaddr("size") }}', 256],
    ['{{ "192.168.100.0/24" | ipaddr("address") is none }}', true],
    ['{{ "192.168.100.0/24" | ipaddr("first_usable") }}', '192.168.100.1'],
    ['{{ "192.168.100.0/24" | ipaddr("last_usable") }}', '192.168.100.254'],
    ['{{ "192.168.100.0/24" | ipaddr("range_usable") }}', '192.168.100.1-192.168.100.254'],
    ['{{ "192.168.100.0/24" | ipaddr(10) }}', '192.168.100.10/24'],
    ['{{ "10.0.0.1/255.255.0.0" | ipaddr("prefix") }}', 16],
    ['{{ "10.0.0.1" | ipaddr }}', '10.0.0.1'],
    ['{{ "not-an-ip" | ipaddr }}', false],
    ['{{ ["10.0.0.1", "x", "fe80::1"] | ipaddr }}', ['10.0.0.1', 'fe80::1']],
    ['{{ ["10.0.0.1", "fe80::1"] | ipv4 }}', ['10.0.0.1']],
    ['{{ ["10.0.0.1", "fe80::1"] | ansible.utils.ipv6 }}', ['fe80::1']],
    ['{{ "10.0.0.1/8" | ipv4("address") }}', '10.0.0.1'],
    ['{{ "10.1.2.3" | ipaddr("10.0.0.0/8") }}', '10.1.2.3'],
    ['{{ "192.168.1.0/24" | ansible.utils.nthhost(5) }}', '192.168.1.5'],
    ['{{ "192.168.1.10" | ansible.utils.ipmath(5) }}', '192.168.1.15'],
    ['{{ "2001:db8::1/64" | ipaddr("network") }}', '2001:db8::'],
    ['{{ "2001:db8::1/64" | ipaddr("prefix") }}', 64],
    ['{{ "fe80::1" | ipwrap }}', '[fe80::1]'],
    ['{{ "10.0.0.0/24" | network_in_usable("10.0.0.5") }}', true],
  ]);

  it('parses and prints IPv6 in RFC 5952 form', () => {
    const n = parseNet('2001:0db8:0000:0000:0000:ff00:0042:8329');
    assert.ok(n);
    assert.equal(formatIp(n.ip, 6), '2001:db8::ff00:42:8329');
    assert.equal(ipaddr('::ffff:10.0.0.1', 'version'), 6);
  });
});
