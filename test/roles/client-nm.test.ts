import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { roleVars, renderTemplate, toUuid } from './render.js';
import { checkText, hasCommand } from './checkers.js';

function keyfile(extra: Record<string, unknown> = {}): string {
  const id = (extra.client_nm__id as string) ?? 'ibs785';
  return renderTemplate(
    'client_nm',
    'ipoib.nmconnection.j2',
    roleVars('client_nm', 'RedHat', {
      client_nm__id: id,
      client_nm__interface: 'ibs785',
      client_nm__uuid: toUuid(id),
      ...extra,
    }),
  );
}

/**
 * What is checked offline: `nmcli --offline connection modify` reads the keyfile on stdin,
 * parses and normalizes it as NetworkManager does (each setting and property is validated:
 * an unknown transport mode or a bad address fails) and prints the resulting keyfile.
 */
function nmParse(text: string): { rc: number; out: string } {
  return checkText(text, ['nmcli', '--offline', 'connection', 'modify', 'connection.autoconnect', 'yes'], {
    stdin: text,
  });
}

describe('roles/client_nm keyfile', function () {
  this.timeout(180000);
  before(function () {
    if (!hasCommand('nmcli')) this.skip();
  });

  it('NetworkManager parses it (nmcli --offline) and keeps every setting', () => {
    const text = keyfile({ client_nm_mtu: 4092 });
    const r = nmParse(text);
    assert.equal(r.rc, 0, r.out);
    assert.match(r.out, /^type=infiniband$/m);
    assert.match(r.out, /^interface-name=ibs785$/m);
    assert.match(r.out, /^transport-mode=datagram$/m);
    assert.match(r.out, /^mtu=4092$/m);
    assert.match(r.out, /^\[ipv4\]\nmethod=auto$/m);
    assert.match(r.out, /^addr-gen-mode=eui64$/m);
    assert.match(r.out, new RegExp(`^uuid=${toUuid('ibs785')}$`, 'm'));
  });

  it('connected mode with a static address parses too', () => {
    const r = nmParse(
      keyfile({
        client_nm_transport_mode: 'connected',
        client_nm_mtu: 65520,
        client_nm_ipv4_method: 'manual',
        client_nm_ipv4_addresses: ['192.168.100.21/24'],
        client_nm_ipv4_gateway: '192.168.100.1',
        client_nm_ipv4_dns: ['192.168.100.1'],
        client_nm_ipv6_method: 'ignore',
      }),
    );
    assert.equal(r.rc, 0, r.out);
    assert.match(r.out, /^address1=192.168.100.21\/24,192.168.100.1$/m);
    assert.match(r.out, /^transport-mode=connected$/m);
  });

  it("pins the node's client identifier (its form of the port GUID), the 20-byte address and the p-key", () => {
    const hw = '80:00:00:48:fe:80:00:00:00:00:00:00:d0:06:6a:02:01:00:00:30';
    const text = keyfile({
      client_nm_port_guid: 'D0:06:6a:02:01:00:00:30',
      client_nm_client_id_form: 'node_id',
      client_nm_hw_address: hw,
      client_nm_p_key: '0x8001',
    });
    const r = nmParse(text);
    assert.equal(r.rc, 0, `${r.out}\n${text}`);
    assert.match(r.out, /^dhcp-client-id=ff:00:00:00:00:00:02:00:00:02:c9:00:d0:06:6a:02:01:00:00:30$/m);
    assert.match(r.out, new RegExp(`^mac-address=${hw.toUpperCase()}$`, 'm'));
    assert.match(r.out, /^p-key=32769$/m);
    assert.match(r.out, /^parent=ibs785$/m);
    assert.match(r.out, /^interface-name=ibs785\.8001$/m);
    // the hardware form, and an explicit id winning over the GUID
    assert.match(
      keyfile({ client_nm_port_guid: 'd0:06:6a:02:01:00:00:30' }),
      /^dhcp-client-id=20:d0:06:6a:02:01:00:00:30$/m,
    );
    assert.match(
      keyfile({
        client_nm_port_guid: 'd0:06:6a:02:01:00:00:30',
        client_nm_dhcp_client_id: '20:AA:bb:cc:dd:ee:ff:00:11',
      }),
      /^dhcp-client-id=20:aa:bb:cc:dd:ee:ff:00:11$/m,
    );
    // no GUID, no id: NetworkManager's own choice, as before
    assert.doesNotMatch(keyfile(), /dhcp-client-id|p-key|mac-address/);
  });

  it('the parse rejects a bad keyfile (the check is real)', () => {
    const r = nmParse(keyfile().replace('transport-mode=datagram', 'transport-mode=bogus'));
    assert.notEqual(r.rc, 0);
    assert.match(r.out, /transport-mode/);
  });

  it("the UUID is Ansible's to_uuid of the connection id (stable across runs)", function () {
    const r = spawnSync(
      'ansible',
      ['localhost', '-c', 'local', '-m', 'debug', '-a', "msg={{ 'ibs785' | to_uuid }}"],
      {
        encoding: 'utf8',
        env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_NOCOLOR: '1' },
      },
    );
    if (r.status !== 0) this.skip();
    assert.match(r.stdout, new RegExp(`"msg": "${toUuid('ibs785')}"`));
  });
});
