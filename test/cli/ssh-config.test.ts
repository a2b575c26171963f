import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

describe('fabplay run: the [ssh_connection] and remote_port settings of ansible.cfg reach the connections', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-ssh-cfg-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ssh_common_args (a ProxyCommand), remote_port and retries', async () => {
    // the proxy notes the port it was asked for and fails, as an unreachable host's would
    writeFileSync(
      join(dir, 'ansible.cfg'),
      [
        '[defaults]',
        'remote_port = 2222',
        '[ssh_connection]',
        `ssh_common_args = -o ProxyCommand="sh -c 'echo %h:%p >> ${dir}/asked; exit 1'"`,
        'retries = 1',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'hosts'),
      'web1 ansible_host=10.0.0.9\nweb2 ansible_host=10.0.0.8 ansible_port=2200\n',
    );
    writeFileSync(join(dir, 'site.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n');
    const r = await runCli(['run', 'site.yml', '-i', 'hosts'], { cwd: dir, env: { NO_COLOR: '1' } });
    assert.equal(r.code, 4, r.stdout + r.stderr); // every host unreachable
    const asked = readFileSync(join(dir, 'asked'), 'utf8').split('\n').filter(Boolean).sort();
    // retries = 1: two attempts per host; ansible_port wins over remote_port
    assert.deepEqual(asked, ['10.0.0.8:2200', '10.0.0.8:2200', '10.0.0.9:2222', '10.0.0.9:2222']);
  });
});
