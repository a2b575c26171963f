import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/**
 * bin/fabplay.js run as a command (through its `#!/usr/bin/env -S` line, as `fabplay` runs
 * from a shell): Node starts without NODE_EXTRA_CA_CERTS, which it would read before any of
 * fabplay's code, and the commands fabplay runs get the user's value back. The value names a
 * file that does not exist, so a Node that read it says so ("Ignoring extra certs").
 */
describe('the fabplay command starts Node without NODE_EXTRA_CA_CERTS and gives it back to commands', function () {
  this.timeout(60000);
  let dir: string;
  const caFile = '/nonexistent dir/$HOME/ca.pem';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-ca-'));
    writeFileSync(join(dir, 'inv.ini'), 'localhost ansible_connection=local\n');
    // the first node process above the task's shell is fabplay's own: its starting environment
    // is /proc/PID/environ
    writeFileSync(
      join(dir, 'pb.yml'),
      `- hosts: localhost
  gather_facts: false
  tasks:
    - shell: |
        echo "child=[$NODE_EXTRA_CA_CERTS] passed=[\${FABPLAY_NODE_EXTRA_CA_CERTS-unset}]"
        p=$PPID
        while [ "$(cat /proc/$p/comm)" != node ]; do p=$(cut -d' ' -f4 /proc/$p/stat); done
        echo "node-started-with=[$(tr '\\0' '\\n' < /proc/$p/environ | grep -c '^NODE_EXTRA_CA_CERTS=')]"
      register: r
    - debug: {msg: "{{ r.stdout_lines | join(' ') }}"}
`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (argv: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(argv[0]!, [...argv.slice(1), 'run', join(dir, 'pb.yml'), '-i', join(dir, 'inv.ini')], {
      env,
      encoding: 'utf8',
    });
  const bin = join(repoRoot, 'bin', 'fabplay.js');

  it('as a command: Node never reads the file, the task sees the value as it was set', () => {
    const r = run([bin], { ...process.env, NODE_EXTRA_CA_CERTS: caFile });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /"msg": "child=\[\/nonexistent dir\/\$HOME\/ca\.pem\] passed=\[unset\] node-started-with=\[0\]"/,
    );
    assert.doesNotMatch(r.stderr, /extra certs/i);
  });

  it('unset: stays unset for the task', () => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const r = run([bin], env);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /"msg": "child=\[\] passed=\[unset\] node-started-with=\[0\]"/);
  });

  it('run by `node bin/fabplay.js` (no launcher line): Node reads it, and the task sees it the same', () => {
    const r = run([process.execPath, bin], { ...process.env, NODE_EXTRA_CA_CERTS: caFile });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /"msg": "child=\[\/nonexistent dir\/\$HOME\/ca\.pem\] passed=\[unset\] node-started-with=\[1\]"/,
    );
    assert.match(r.stderr, /Ignoring extra certs from/);
  });
});
