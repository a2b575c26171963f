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

  it('uploads, runs with arguments, removes the copy; creates makes it idempotent', async () => {
    const out = join(dir, 'result');
    writeFileSync(join(dir, 'make.sh'), `#!/bin/sh\necho "$1|$2" > ${out}\necho done\n`);
    const ctx = () => makeContext({ filesDir: dir });
    const args = { cmd: "make.sh one 'two words'", creates: out };
    const before = readdirSync('/tmp').filter((f) => f.startsWith('fabplay-script.')).length;
    const c1 = await script.run(makeContext({ filesDir: dir, check: true }), args);
    assert.equal(c1.changed, true);
    assert.equal(existsSync(out), false);
    const r = await script.run(ctx(), args);
    assert.equal(r.changed, true);
    assert.equal(r.stdout, 'done');
    assert.equal(readFileSync(out, 'utf8'), 'one|two words\n');
    assert.equal(readdirSync('/tmp').filter((f) => f.startsWith('fabplay-script.')).length, before);
    assert.equal((await script.run(ctx(), args)).changed, false);
    assert.equal((await script.run(makeContext({ filesDir: dir, check: true }), args)).changed, false);
  });

  it('fails clearly on a missing script or a bad argument', async () => {
    await assert.rejects(
      script.run(makeContext({ filesDir: dir }), { cmd: 'nope.sh' }),
      /could not find 'nope.sh'/,
    );
    assert.ok(schemaErrors(script, { cmd: 'x', creats: '/a' }).length > 0);
  });
});
