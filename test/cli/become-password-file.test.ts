// --become-password-file on the command line: read (and then masked like any password), refused
// beside -K as ansible-playbook refuses it, and a missing file stops the run before any host.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

describe('cli: --become-password-file', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => {
    tmp = makeTempDir('fabplay-become-pwfile-');
    writeFileSync(join(tmp.dir, 'hosts'), 'h1 ansible_connection=local\n');
    writeFileSync(
      join(tmp.dir, 'site.yml'),
      "- hosts: h1\n  gather_facts: false\n  tasks:\n    - debug: {msg: \"pw {{ 'pw-' ~ 'from-file' }}\"}\n",
    );
    writeFileSync(join(tmp.dir, 'pw'), 'pw-from-file\n');
  });
  after(() => tmp?.cleanup());
  const run = (args: string[]) =>
    runCli(['run', '-i', 'hosts', 'site.yml', ...args], { cwd: tmp.dir, env: { NO_COLOR: '1', CI: '1' } });

  it('reads the password from the file: it never shows, as any become password', async () => {
    const r = await run(['--become-password-file', 'pw']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /pw \*{8}/);
    assert.doesNotMatch(r.stdout + r.stderr, /pw-from-file/);
  });

  it('refuses it beside -K, and a file that is not there', async () => {
    const both = await run(['-K', '--become-password-file', 'pw']);
    assert.equal(both.code, 5);
    assert.match(both.stderr, /-K and --become-password-file exclude each other/);
    const missing = await run(['--become-password-file', 'nope']);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /the become password file nope was not found/);
  });
});
