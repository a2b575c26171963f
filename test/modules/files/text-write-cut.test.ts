import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnection } from '../../../src/connection/local.js';
import { newMarker, shellScript } from '../../../src/connection/command-text.js';
import type { Connection } from '../../../src/connection/types.js';
import { atomicWrite } from '../../../src/modules/lib/atomic-write.js';
import { makeContext } from '../../helpers/module-context.js';

/**
 * Small text travels inside the finishing command (no stdin, no checksum): the claim is that a
 * connection cut anywhere in that command leaves the old file and no temporary file, because the
 * session's shell never runs a command whose quote or line is unterminated. Replayed here into a
 * real dash, the way the remote session shell reads it, cut at every point.
 */
describe('atomic write of small text inside the command', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-argwrite-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes text with the mode from the umask it is created under, no chmod', async () => {
    const dest = join(dir, 'mode.conf');
    let text = '';
    const conn = new LocalConnection('localhost');
    const capturing: Connection = Object.create(conn, {
      exec: { value: (c: string, o?: object) => ((text ||= c), conn.exec(c, o)) },
    });
    await atomicWrite(
      makeContext({ conn: capturing }),
      dest,
      { data: Buffer.from('a = 1\n') },
      { mode: 0o640 },
    );
    assert.match(text, /set -- arg /);
    assert.equal(statSync(dest).mode & 0o7777, 0o640);
    assert.equal(readFileSync(dest, 'utf8'), 'a = 1\n');
    await atomicWrite(makeContext({ conn }), dest, { data: Buffer.from('b\n') }, { mode: 0o755 });
    assert.equal(statSync(dest).mode & 0o7777, 0o755, 'x bits need chmod, and get it');
  });

  it('a cut anywhere in the command leaves the old file (or, at its very end, the whole new one) and no temporary file', async () => {
    const dest = join(dir, 'cut.conf');
    const content = "line with 'quotes' and $dollar\n".repeat(200);
    let text = '';
    const conn = new LocalConnection('localhost');
    const capturing: Connection = Object.create(conn, {
      exec: { value: (c: string, o?: object) => ((text ||= c), conn.exec(c, o)) },
    });
    writeFileSync(dest, 'old\n');
    await atomicWrite(
      makeContext({ conn: capturing }),
      dest,
      { data: Buffer.from(content) },
      { mode: 0o644 },
    );
    assert.equal(readFileSync(dest, 'utf8'), content, 'the whole command writes the file');
    assert.match(text, /set -- arg /);
    // both framings: in its own sh -c, and inline in a subshell of the session (over SSH)
    for (const inline of [false, true]) {
      const framed = Buffer.from(shellScript(text, undefined, newMarker(), undefined, inline));
      // the session runs the command once its line is complete: cut anywhere before that newline
      const lineEnd = framed.indexOf('; __fp_rc=$?\n') + '; __fp_rc=$?'.length;
      assert.ok(lineEnd > 1000);
      for (let i = 1; i <= 40; i++) {
        writeFileSync(dest, 'old\n');
        const cut = Math.floor((lineEnd * i) / 40);
        spawnSync('dash', [], { input: framed.subarray(0, cut) });
        const now = readFileSync(dest, 'utf8');
        // a cut right at the end leaves a whole command, which dash runs at end of input: the new file
        if (cut === lineEnd) assert.ok(now === 'old\n' || now === content, 'old or whole at the end');
        else assert.equal(now, 'old\n', `inline=${inline}: cut at byte ${cut} of ${lineEnd}`);
        assert.deepEqual(
          readdirSync(dir).filter((f) => f.includes('fabplay')),
          [],
          `no temporary file after a cut at ${cut}`,
        );
      }
    }
  });
});
