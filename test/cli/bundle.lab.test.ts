import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useLab } from '../helpers/lab.js';
import { runCli } from '../helpers/cli.js';

/**
 * The built CLI (the bundle of `npm run build`) over SSH: the connection code it loads at the
 * first SSH host (ssh2 outside the bundle, fabplay's SSH files inside) works as from the sources.
 */
describe('the built CLI over SSH @lab', function () {
  this.timeout(180000);
  const lab = useLab({ hosts: 2 });
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-bundle-ssh-'));
    writeFileSync(
      join(dir, 'p.yml'),
      [
        '- hosts: lab',
        '  gather_facts: true',
        '  tasks:',
        '    - copy: { content: "{{ inventory_hostname }} {{ ansible_facts.os_family }}\\n", dest: /root/b.txt, mode: "0600" }',
        '    - lineinfile: { path: /root/c.txt, line: second, create: true }',
        '    - command: cat /root/b.txt /root/c.txt',
        '      register: out',
        '      changed_when: false',
        "    - assert: { that: \"out.stdout_lines == [inventory_hostname + ' Debian', 'second']\" }",
        '',
      ].join('\n'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('converges two hosts, then changes nothing on the re-run', async () => {
    const run = () =>
      runCli(['run', join(dir, 'p.yml'), '-i', lab.inventory], { built: true, env: { NO_COLOR: '1' } });
    const first = await run();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    for (const h of lab.hosts) assert.match(first.stdout, new RegExp(`${h}\\s+: ok=5\\s+changed=2 `));
    const again = await run();
    assert.equal(again.code, 0, again.stdout + again.stderr);
    for (const h of lab.hosts) assert.match(again.stdout, new RegExp(`${h}\\s+: ok=5\\s+changed=0 `));
    assert.equal((await lab.exec('h2', 'cat /root/b.txt /root/c.txt')).stdout, 'h2 Debian\nsecond\n');
  });
});
