import { strict as assert } from 'node:assert';
import { parseJump, parseSshArgs, shellWords } from '../../src/connection/ssh-args.js';
import { expandProxyCommand } from '../../src/connection/proxy-socket.js';

describe('ssh args: ansible_ssh_common_args', () => {
  it('reads ProxyCommand, ProxyJump, known_hosts and checking from ansible_ssh_common_args', () => {
    const a = parseSshArgs(
      `-o ProxyCommand="nsenter --net=/run/netns/x busybox nc %h %p" -oUserKnownHostsFile=/tmp/kh -o 'StrictHostKeyChecking no' -J admin@bastion:2222 -o ConnectTimeout=7`,
    );
    assert.equal(a.proxyCommand, 'nsenter --net=/run/netns/x busybox nc %h %p');
    assert.equal(a.userKnownHostsFile, '/tmp/kh');
    assert.equal(a.strictHostKeyChecking, 'no');
    assert.equal(a.proxyJump, 'admin@bastion:2222');
    assert.equal(a.connectTimeoutSec, 7);
    assert.deepEqual(parseJump('admin@bastion:2222'), { user: 'admin', host: 'bastion', port: 2222 });
    assert.deepEqual(parseJump('[fd00::1]:22,next'), { user: undefined, host: 'fd00::1', port: 22 });
    assert.deepEqual(shellWords(`a 'b c' "d \\"e\\"" f\\ g`), ['a', 'b c', 'd "e"', 'f g']);
    assert.equal(expandProxyCommand('nc %h %p # %r %%', '10.0.0.1', 22, 'root'), 'nc 10.0.0.1 22 # root %');
  });
});
