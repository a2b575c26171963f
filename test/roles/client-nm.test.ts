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
