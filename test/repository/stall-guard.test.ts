import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, tsxLoader } from '../helpers/cli.js';
import { processEnded } from '../../src/util/proc-stat.js';

const guard = ['--import', tsxLoader, join(repoRoot, 'scripts/stall-guard.ts')];

const sh = (...args: string[]) =>
  spawnSync(process.execPath, [...guard, ...args], { encoding: 'utf8', timeout: 60000 });

describe('scripts/stall-guard: the test suite under a guard against hangs', function () {
  this.timeout(60000);

  it("passes the command's output and exit code through", () => {
    const r = sh('--', 'sh', '-c', 'echo out; echo err >&2; exit 3');
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    assert.equal(r.status, 3);
  });

  it('a command stuck without output is reported process by process and killed', () => {
    const t0 = Date.now();
    const r = sh('--minutes', '0.05', '--', 'sh', '-c', 'echo started; sleep 300; echo never');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, 'started\n');
    assert.match(r.stderr, /stall-guard: no output for 0\.05 min from sh -c echo started/);
    const sleeper = /^ {2}(\d+) parent \d+ state S waiting in \S+: sleep 300$/m.exec(r.stderr);
    assert.ok(sleeper, r.stderr);
    assert.ok(processEnded(Number(sleeper[1])), 'the stuck process was killed');
    assert.ok(Date.now() - t0 < 30000);
  });

  it('the command never reads the terminal or standard input of whoever started it', async () => {
    // `script` gives the guard a terminal as its controlling one; the command must not see it
    const tty = spawnSync(
      'script',
      [
        '-qec',
        `${process.execPath} ${guard.join(' ')} -- sh -c "sh -c 'true </dev/tty' 2>/dev/null && echo has-tty || echo no-tty"`,
        '/dev/null',
      ],
      { encoding: 'utf8', timeout: 60000 },
    );
    assert.match(tty.stdout, /no-tty/);
    assert.doesNotMatch(tty.stdout, /has-tty/);
    // an open pipe that never ends, as a CI runner may leave: cat still ends at once
    const child = spawn(process.execPath, [...guard, '--', 'cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    assert.equal(code, 0);
  });

  it('refuses a missing command with its usage', () => {
    const r = sh('--minutes', '5');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /stall-guard: no command\nusage: stall-guard \[--minutes N\] -- COMMAND/);
  });
});
