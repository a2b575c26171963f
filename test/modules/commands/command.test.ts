import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, commandArgv } from '../../../src/modules/commands/command.js';
import { shell } from '../../../src/modules/commands/shell.js';
import { raw } from '../../../src/modules/commands/raw.js';
import { getModule } from '../../../src/modules/registry.js';
import { shlexSplit as splitArgs } from '../../../src/util/shlex.js';
import { makeContext } from '../../helpers/module-context.js';
import { schemaErrors } from './helpers.js';

describe('modules/commands: command, shell, raw (local connection)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-cmd-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is registered under its names and ansible.builtin names', () => {
    for (const n of ['command', 'shell', 'raw', 'script', 'ansible.builtin.command', 'ansible.builtin.shell'])
      assert.ok(getModule(n), n);
  });

  it('splits a free-form command like shlex', () => {
    assert.deepEqual(splitArgs(`echo 'a b' "c \\"d\\"" e\\ f`), ['echo', 'a b', 'c "d"', 'e f']);
    assert.deepEqual(commandArgv('command', { argv: ['ls', 1] }), ['ls', '1']);
  });

  it('runs a program without a shell: globs and pipes stay literal', async () => {
    const r = await command.run(makeContext(), { cmd: 'echo *.none | tr a b' });
    assert.equal(r.changed, true);
    assert.equal(r.rc, 0);
    assert.equal(r.stdout, '*.none | tr a b');
    assert.deepEqual(r.stdout_lines, ['*.none | tr a b']);
    assert.deepEqual(r.cmd, ['echo', '*.none', '|', 'tr', 'a', 'b']);
    assert.match(String(r.start), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    assert.match(String(r.delta), /^0:00:\d\d\.\d{6}$/);
  });

  it('converges with creates, then re-runs with changed: false; check mode on each state', async () => {
    const marker = join(dir, 'made');
    const args = { cmd: `touch ${marker}`, creates: marker };
    const check1 = await command.run(makeContext({ check: true }), args);
    assert.equal(check1.changed, true, 'check mode on a fresh host reports the change');
    assert.equal(existsSync(marker), false, 'and changes nothing');
    const first = await command.run(makeContext(), args);
    assert.equal(first.changed, true);
    assert.equal(existsSync(marker), true);
    const again = await command.run(makeContext(), args);
    assert.equal(again.changed, false);
    assert.equal(again.msg, `Did not run command since '${marker}' exists`);
    const check2 = await command.run(makeContext({ check: true }), args);
    assert.equal(check2.changed, false);
    assert.equal(check2.msg, `Would not run command since '${marker}' exists`);
  });

  it('creates takes a glob and chdir makes it relative; removes skips when nothing matches', async () => {
    writeFileSync(join(dir, 'a.iso'), '');
    const r = await command.run(makeContext(), { cmd: 'false', chdir: dir, creates: '*.iso' });
    assert.equal(r.changed, false);
    const r2 = await command.run(makeContext(), { cmd: 'false', removes: join(dir, '*.none') });
    assert.equal(r2.changed, false);
    const r3 = await command.run(makeContext(), { cmd: 'pwd', chdir: dir, removes: 'a.iso' });
    assert.equal(r3.stdout, dir);
  });

  it('check mode without creates/removes skips the command', async () => {
    const marker = join(dir, 'x');
    const r = await command.run(makeContext({ check: true }), { cmd: `touch ${marker}` });
    assert.equal(r.skipped, true);
    assert.equal(r.changed, false);
    assert.equal(existsSync(marker), false);
  });

  it('feeds stdin with a newline, or without when asked', async () => {
    const r = await command.run(makeContext(), { argv: ['od', '-c'], stdin: 'hi' });
    assert.match(String(r.stdout), /h {3}i {2}\\n/);
    const r2 = await command.run(makeContext(), { cmd: 'wc -c', stdin: 'hi', stdin_add_newline: false });
    assert.equal(String(r2.stdout).trim(), '2');
  });

  it('a failing command returns failed with rc, stderr, and a message naming host and command', async () => {
    const r = await command.run(makeContext(), { cmd: `ls ${join(dir, 'nope')}` });
    assert.equal(r.failed, true);
    assert.equal(r.rc, 2);
    assert.match(String(r.stderr), /No such file/);
    assert.match(String(r.msg), /^non-zero return code \(rc=2\) on localhost: ls .*nope\n.*No such file/);
  });

  it('rejects bad arguments clearly', async () => {
    assert.ok(schemaErrors(command, { cmd: 'ls', chdri: '/' }).length > 0);
    assert.ok(schemaErrors(command, { cmd: 'ls', stdin_add_newline: 'maybe' }).length > 0);
    assert.deepEqual(schemaErrors(command, { cmd: 'ls', stdin_add_newline: 'no' }), []);
    // Ansible's failed result (rc 256), not an exception: playbooks test these fields
    const both = await command.run(makeContext(), { cmd: 'ls', argv: ['ls'] });
    assert.deepEqual(
      [both.failed, both.rc, both.msg],
      [true, 256, 'only command or argv can be given, not both'],
    );
    const none = await command.run(makeContext(), { chdir: '/' });
    assert.deepEqual([none.failed, none.rc, none.msg], [true, 256, 'no command given']);
    await assert.rejects(command.run(makeContext(), { cmd: "echo 'open" }), /no closing quotation/);
    await assert.rejects(shell.run(makeContext(), {}), /shell: no command given/);
  });

  it('shell runs shell features, honours executable and chdir', async () => {
    const r = await shell.run(makeContext(), { cmd: 'echo a b | tr a-z A-Z; pwd', chdir: dir });
    assert.deepEqual(r.stdout_lines, ['A B', dir]);
    assert.equal(r.cmd, 'echo a b | tr a-z A-Z; pwd');
    const b = await shell.run(makeContext(), { cmd: 'echo ${BASH_VERSION:+bash}', executable: '/bin/bash' });
    assert.equal(b.stdout, 'bash');
    const c = await shell.run(makeContext({ check: true }), { cmd: `touch ${join(dir, 'y')}` });
    assert.equal(c.skipped, true);
    assert.equal(existsSync(join(dir, 'y')), false);
  });

  it('shell converges with creates and is idempotent', async () => {
    const marker = join(dir, 'out');
    const args = { cmd: `echo made > ${marker}`, creates: marker };
    assert.equal((await shell.run(makeContext({ check: true }), args)).changed, true);
    assert.equal(existsSync(marker), false);
    assert.equal((await shell.run(makeContext(), args)).changed, true);
    assert.equal((await shell.run(makeContext(), args)).changed, false);
    assert.equal((await shell.run(makeContext({ check: true }), args)).changed, false);
  });

  it('raw runs text as is and is skipped in check mode', async () => {
    const r = await raw.run(makeContext(), { cmd: 'printf "%s\\n" one two' });
    assert.deepEqual(r.stdout_lines, ['one', 'two']);
    assert.equal(r.changed, true);
    const c = await raw.run(makeContext({ check: true }), { cmd: `touch ${join(dir, 'z')}` });
    assert.equal(c.skipped, true);
    assert.equal(existsSync(join(dir, 'z')), false);
    const f = await raw.run(makeContext(), { cmd: 'echo oops >&2; exit 3' });
    assert.equal(f.failed, true);
    assert.equal(f.rc, 3);
  });
});
