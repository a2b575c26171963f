// Inventory scripts that go wrong: each makes the source unparsable (a warning naming the script's
// problem in the words of Ansible's script plugin, 2.14's plugins/inventory/script.py), and the run
// goes on with the other sources, as under ansible-playbook 2.14. What works is compared with
// ansible-inventory in ansible-compat.test.ts; a run over a script's hosts is the last case.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory, selectHosts } from '../../src/inventory/index.js';
import { runCli } from '../helpers/cli.js';

describe('inventory: executable scripts', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-inv-script-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const script = (name: string, body: string, executable = true): string => {
    const f = join(dir, name);
    writeFileSync(f, `#!/bin/sh\n${body}\n`);
    if (executable) chmodSync(f, 0o755);
    return f;
  };
  const warningOf = (f: string): string => {
    const inv = loadInventory([f]);
    assert.deepEqual(selectHosts(inv, 'all'), []);
    assert.equal(inv.unparsed?.length, 1, String(inv.warnings));
    return inv.warnings!.join('\n');
  };

  it('a script that fails: its standard error', () => {
    const f = script('fails', 'echo "cannot reach the CMDB" >&2; exit 3');
    assert.match(warningOf(f), /Inventory script \(.*fails\) had an execution error: cannot reach the CMDB/);
  });

  it('output that is not JSON, or not a mapping', () => {
    assert.match(
      warningOf(script('notjson', 'echo "hosts: [a]"')),
      /failed to parse executable inventory script results from .*notjson: /,
    );
    assert.match(
      warningOf(script('list', 'echo "[1, 2]"')),
      /failed to parse executable inventory script results from .*list: needs to be a json dict/,
    );
  });

  it("a group's hosts that are not a list, vars that are not a mapping", () => {
    assert.match(
      warningOf(script('badhosts', `echo '{"web": {"hosts": "w1"}}'`)),
      /You defined a group 'web' with bad data for the host list/,
    );
    assert.match(
      warningOf(script('badvars', `echo '{"web": {"hosts": ["w1"], "vars": [1]}}'`)),
      /You defined a group 'web' with bad data for variables/,
    );
  });

  it('--host printing nothing fails the script, as in Ansible 2.14 (print {} for no variables)', () => {
    const f = script('silent', 'if [ "$1" = --list ]; then echo \'{"web": ["w1"]}\'; fi');
    assert.match(warningOf(f), /silent --host w1 printed nothing/);
  });

  it('a file starting with #! but not executable is run as a script (and fails to run)', () => {
    const f = script('noexec', 'echo \'{"web": ["w1"]}\'', false);
    assert.match(warningOf(f), /problem running .*noexec --list \(.*EACCES/);
  });

  it('a playbook runs over the hosts and variables a script gives', async () => {
    const inv = script(
      'inv.sh',
      `echo '{"pxe": {"hosts": ["p1"], "vars": {"port": 8080}}, "_meta": {"hostvars": {"p1": {"ansible_connection": "local", "guid": "0x11"}}}}'`,
    );
    writeFileSync(
      join(dir, 'site.yml'),
      '- hosts: pxe\n  gather_facts: false\n  tasks:\n    - debug: msg="{{ inventory_hostname }} {{ port }} {{ guid }} {{ groups.pxe }}"\n',
    );
    const r = await runCli(['run', '-i', inv, 'site.yml'], { cwd: dir, env: { NO_COLOR: '1', CI: '1' } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /"msg": "p1 8080 0x11 \['p1'\]"/);
  });
});
