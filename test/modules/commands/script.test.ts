import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScriptCmd, script, scriptArgv } from '../../../src/modules/commands/script.js';
import { makeContext } from '../../helpers/module-context.js';
import { schemaErrors } from './helpers.js';

describe('modules/commands: script (local connection)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-script-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses the script path and its argument words', () => {
    assert.deepEqual(parseScriptCmd("setup.sh --name 'a b'"), { path: 'setup.sh', args: ['--name', 'a b'] });
    assert.deepEqual(scriptArgv('/tmp/x/s.py', ['1'], '/usr/bin/env python3'), [
      '/usr/bin/env',
      'python3',
      '/tmp/x/s.py',
      '1',
    ]);
  });

  // results as ansible-playbook 2.14's script action gives them (same script, local connection)
  it('uploads, runs with arguments, removes the copy; creates skips the task, as Ansible', async () => {
    const out = join(dir, 'result');
    writeFileSync(join(dir, 'make.sh'), `#!/bin/sh\necho "$1|$2" > ${out}\necho done\n`);
    const ctx = () => makeContext({ filesDir: dir });
    const args = { cmd: "make.sh one 'two words'", creates: out };
    const before = readdirSync('/tmp').filter((f) => f.startsWith('fabplay-script.')).length;
    const c1 = await script.run(makeContext({ filesDir: dir, check: true }), args);
    assert.deepEqual(c1, { changed: true });
    assert.equal(existsSync(out), false);
    const r = await script.run(ctx(), args);
    // the output as it came, no command line or times (Ansible's low-level command result)
    assert.deepEqual(r, {
      changed: true,
      rc: 0,
      stdout: 'done\n',
      stderr: '',
      stdout_lines: ['done'],
      stderr_lines: [],
    });
    assert.equal(readFileSync(out, 'utf8'), 'one|two words\n');
    assert.equal(readdirSync('/tmp').filter((f) => f.startsWith('fabplay-script.')).length, before);
    const skipped = { changed: false, skipped: true, msg: `${out} exists, matching creates option` };
    assert.deepEqual(await script.run(ctx(), args), skipped);
    assert.deepEqual(await script.run(makeContext({ filesDir: dir, check: true }), args), skipped);
    assert.deepEqual(await script.run(ctx(), { cmd: 'make.sh', removes: join(dir, 'nope') }), {
      changed: false,
      skipped: true,
      msg: `${join(dir, 'nope')} does not exist, matching removes option`,
    });
  });

  it('is skipped in check mode without creates or removes; a failure keeps the output', async () => {
    writeFileSync(join(dir, 'fail.sh'), '#!/bin/sh\necho out\necho err >&2\nexit 4\n');
    assert.deepEqual(await script.run(makeContext({ filesDir: dir, check: true }), { cmd: 'fail.sh' }), {
      changed: false,
      skipped: true,
      msg: 'Check mode is not supported for this task.',
    });
    const r = await script.run(makeContext({ filesDir: dir }), { cmd: 'fail.sh' });
    assert.equal(r.failed, true);
    assert.equal(r.rc, 4);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    assert.match(String(r.msg), /^non-zero return code/);
    assert.equal(r.delta, undefined);
    const rel = await script.run(makeContext({ filesDir: dir }), { cmd: 'fail.sh', chdir: 'sub' });
    assert.equal(rel.msg, 'chdir sub must be an absolute path for a Unix-aware remote node');
  });

  it('fails clearly on a missing script or a bad argument', async () => {
    await assert.rejects(
      script.run(makeContext({ filesDir: dir }), { cmd: 'nope.sh' }),
      /could not find 'nope.sh'/,
    );
    assert.ok(schemaErrors(script, { cmd: 'x', creats: '/a' }).length > 0);
  });
});
