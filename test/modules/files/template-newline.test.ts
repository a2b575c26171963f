// template's newline_sequence as Ansible's template action takes it: the real characters, or the
// escaped spelling a single-quoted YAML string gives ('\r\n' is backslash, r, backslash, n).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';

describe('template: newline_sequence', function () {
  this.timeout(60000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-newline-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes CRLF for \'\\r\\n\' in single quotes and for "\\r\\n" in double quotes', async () => {
    writeFileSync(join(dir, 'two.j2'), 'a\nb\n');
    writeFileSync(join(dir, 'hosts.ini'), 'localhost ansible_connection=local\n');
    writeFileSync(
      join(dir, 'p.yml'),
      `- hosts: all
  gather_facts: false
  tasks:
    - template: {src: two.j2, dest: "${dir}/single.txt", newline_sequence: '\\r\\n'}
    - template: {src: two.j2, dest: "${dir}/double.txt", newline_sequence: "\\r\\n"}
    - template: {src: two.j2, dest: "${dir}/unix.txt"}
`,
    );
    const r = await runCli(['run', join(dir, 'p.yml'), '-i', join(dir, 'hosts.ini')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(dir, 'single.txt'), 'utf8'), 'a\r\nb\r\n');
    assert.equal(readFileSync(join(dir, 'double.txt'), 'utf8'), 'a\r\nb\r\n');
    assert.equal(readFileSync(join(dir, 'unix.txt'), 'utf8'), 'a\nb\n');
  });
});
