import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

// `fabplay run site.yml | head`: the reader of stdout goes away while the run goes on
describe('a run whose stdout reader goes away (broken pipe)', function () {
  this.timeout(60_000);

  it('goes on to its end without a stack trace, says so once on stderr, and keeps its exit code', async () => {
    const dir = tempDirUntilExit('fabplay-closed-output');
    const after = join(dir, 'after');
    writeFileSync(join(dir, 'inventory'), 'localhost ansible_connection=local\n');
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: localhost
  gather_facts: false
  tasks:
    - debug: { msg: one }
    - command: sleep 0.5
    - command: touch ${after}
    - debug: { msg: two }
`,
    );
    let closed = false;
    const r = await runCli(['run', 'site.yml', '-i', 'inventory'], {
      cwd: dir,
      // as `head -1` does: read the first line, then close the pipe
      onStdout: (soFar, child) => {
        if (closed || !soFar.includes('\n')) return;
        closed = true;
        child.stdout!.destroy();
      },
    });
    assert.ok(closed);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(after), 'the tasks after the pipe closed ran');
    assert.equal(r.stderr.match(/broken pipe/g)?.length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /);
  });
});
