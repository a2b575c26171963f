import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { warmUp } from '../../src/warm/warm-up.js';
import { setProcessServesRuns } from '../../src/util/run-scope.js';

/**
 * A warm process's warm-up (src/warm/warm-up.ts), run here in the test's process as the server
 * runs it in its own: its runs must succeed, over the local connection and then over SSH to its
 * in-process server (else it warms error paths, not the runs users make), and it must leave
 * nothing behind: no scratch directory, no process.
 */
describe('the warm-up of a warm process', function () {
  this.timeout(120000);
  let scratch: string;
  const savedTmp = process.env.TMPDIR;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'fabplay-warm-up-test-'));
    process.env.TMPDIR = scratch;
    // as in the warm process (server.ts): kept connections stay in this process, no keeper
    setProcessServesRuns(true);
  });

  afterEach(() => {
    setProcessServesRuns(false);
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('re-runs its playbook locally, then over SSH, every run without a failure, and leaves nothing', async () => {
    let text = '';
    const out = {
      stdout: (b: Uint8Array | string) => (text += String(b)),
      stderr: (b: Uint8Array | string) => (text += String(b)),
      exit() {},
      handBack() {},
    };
    const missed = await warmUp(main, (code) => assert.fail(`the warm-up exited (${code}): ${text}`), out);
    assert.equal(missed, undefined);
    const recaps = [
      ...text.matchAll(/^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm),
    ];
    const hosts = recaps.map((m) => m[1]);
    assert.deepEqual(hosts, [...Array(4).fill('localhost'), ...Array(12).fill('warm-up')], text);
    for (const [line, , ok, changed, unreachable, failed] of recaps.slice(1)) {
      assert.equal(`${unreachable}/${failed}`, '0/0', line);
      assert.equal(changed, '0', `a re-run: ${line}`);
      assert.equal(ok, '7', line);
    }
    assert.deepEqual(readdirSync(scratch), [], 'its scratch directory is gone');
    // its SSH server's shells end as their channels close, which takes a moment
    const children = (): string =>
      execFileSync('ps', ['--ppid', String(process.pid), '-o', 'args='], { encoding: 'utf8' });
    for (let t0 = Date.now(); /\/bin\/sh|__keeper/.test(children()) && Date.now() - t0 < 3000;)
      await new Promise((r) => setTimeout(r, 50));
    assert.doesNotMatch(children(), /\/bin\/sh|__keeper/, `no process of its runs is left: ${children()}`);
  });
});
