import { strict as assert } from 'node:assert';
import { connectionSpecFor } from '../../src/connection/index.js';
import { InputError } from '../../src/errors.js';

describe('connectionSpecFor', () => {
  it('reads Ansible connection variables over the defaults', () => {
    const s = connectionSpecFor(
      'web1',
      {
        ansible_host: '10.1.2.3',
        ansible_port: '2222',
        ansible_user: 'deploy',
        ansible_ssh_pass: 'pw',
        ansible_ssh_private_key_file: '/k',
        ansible_ssh_common_args:
          '-o ProxyJump=jump@bastion -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=/kh',
        ansible_timeout: 5,
      },
      { hostKeyChecking: 'strict', connectTimeoutMs: 10000, user: 'root' },
    );
    assert.equal(s.address, '10.1.2.3');
    assert.equal(s.port, 2222);
    assert.equal(s.user, 'deploy');
    assert.equal(s.password, 'pw');
    assert.equal(s.privateKeyFile, '/k');
    assert.equal(s.jumpHost, 'jump@bastion');
    assert.equal(s.hostKeyChecking, 'accept-new');
    assert.equal(s.knownHostsFile, '/kh');
    assert.equal(s.connectTimeoutMs, 5000);
    assert.equal(s.connection, 'ssh');
  });

  it('defaults to the inventory name, port 22 and strict checking; fabplay_jump_host wins', () => {
    const s = connectionSpecFor(
      'h9',
      { fabplay_jump_host: 'root@10.0.0.1', ansible_host_key_checking: false },
      {},
    );
    assert.equal(s.address, 'h9');
    assert.equal(s.port, 22);
    assert.equal(s.jumpHost, 'root@10.0.0.1');
    assert.equal(s.hostKeyChecking, 'off');
    assert.equal(connectionSpecFor('x', {}, {}).hostKeyChecking, 'strict');
    assert.equal(connectionSpecFor('x', { ansible_connection: 'local' }, {}).connection, 'local');
  });

  it('refuses bad values with an InputError', () => {
    assert.throws(() => connectionSpecFor('x', { ansible_port: 'abc' }, {}), InputError);
    assert.throws(
      () => connectionSpecFor('x', { ansible_connection: 'winrm' }, {}),
      /the connection plugin 'winrm' is not one fabplay has/,
    );
    assert.throws(() => connectionSpecFor('x', {}, { connection: 'foo' }), /plugin 'foo' was not found/);
    assert.throws(() => connectionSpecFor('x', { fabplay_host_key_checking: 'maybe' }, {}), InputError);
  });
});
