import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, pexpectSplit } from '../../../src/modules/commands/expect.js';
import { driverVerdict } from '../../../src/modules/commands/expect-driver.js';
import { makeContext } from '../../helpers/module-context.js';

describe('modules/commands: expect', () => {
  it("splits a command line as pexpect's split_command_line does", () => {
    assert.deepEqual(pexpectSplit(`a 'b c' "d e" f\\ g`), ['a', 'b c', 'd e', 'f g']);
    // a backslash is literal inside double quotes; a leading space gives an empty first word
    assert.deepEqual(pexpectSplit(`x "a\\" b"`), ['x', 'a\\', 'b']);
    assert.deepEqual(pexpectSplit(' ls  -l '), ['', 'ls', '-l']);
    // an empty quoted word at the end is dropped, as pexpect drops it
    assert.deepEqual(pexpectSplit(`echo ''`), ['echo']);
  });

  it("reads the driver's last verdict, after anything script wrote", () => {
    assert.deepEqual(driverVerdict('\n@@EXPECT@@ exit 3\n'), { kind: 'exit', rc: 3 });
    assert.deepEqual(driverVerdict('\n@@EXPECT@@ timeout\n\nSession terminated\n'), { kind: 'timeout' });
    assert.deepEqual(driverVerdict('\n@@EXPECT@@ noanswer 1 6869\n'), {
      kind: 'noanswer',
      index: 1,
      seen: Buffer.from('hi'),
    });
    assert.equal(driverVerdict('perl: not found'), undefined);
  });

  describe('on this machine (local connection)', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'fabplay-expect-'));
      writeFileSync(join(dir, 'ask.sh'), 'printf \'Secret: \'; read s; echo "got $s"\n', { mode: 0o755 });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('answers on a terminal, the answer not echoed, and a bad pattern fails clearly', async () => {
      const r = await expect.run(makeContext(), {
        command: `sh ${join(dir, 'ask.sh')}`,
        responses: { 'Sec\\w+:': 'pw' },
      });
      assert.equal(r.failed, undefined);
      assert.equal(r.changed, true);
      assert.equal(r.rc, 0);
      assert.equal(r.stdout, 'Secret: got pw');
      const bad = await expect.run(makeContext(), { command: 'true', responses: { '(': 'x' } });
      assert.equal(bad.failed, true);
      assert.match(String(bad.msg), /^responses: bad pattern "\("/);
    });

    it('a timeout that is no int fails, as Ansible checks it', async () => {
      const r = await expect.run(makeContext(), { command: 'true', responses: {}, timeout: 'soon' });
      assert.equal(r.failed, true);
      assert.match(String(r.msg), /timeout/);
    });
  });
});
