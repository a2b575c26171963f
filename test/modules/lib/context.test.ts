import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModuleContext, CheckModeViolation } from '../../../src/modules/lib/context.js';
import { fakeConnection, type FakeAnswer } from '../commands/helpers.js';
import type { BecomeSpec } from '../../../src/connection/types.js';

/** The context over a scripted fake host, with what reached the host and the -v/-vvv lines. */
function contextOn(check: boolean, answers: FakeAnswer[] = [], become?: BecomeSpec) {
  const ran: string[] = [];
  const logs: { msg: string; level: number }[] = [];
  const conn = fakeConnection(answers, ran);
  const uploads: string[] = [];
  conn.putFile = async (_l, remote) => void uploads.push(remote);
  conn.fileWriter = async () => undefined;
  const h = createModuleContext({
    host: 'h1',
    conn,
    check,
    become,
    diff: false,
    vars: {},
    facts: {},
    findFile: (_k, n) => n,
    render: (t) => t,
    log: (msg, level) => void logs.push({ msg, level }),
  });
  return { ...h, ran, logs, uploads };
}

describe('modules/lib/context: probe and change', () => {
  it('check mode runs probes, keeps changes back, logs them at -v as "would run"', async () => {
    const c = contextOn(true, [{ match: 'cat /etc/motd', stdout: 'hi\n' }]);
    assert.equal((await c.ctx.probe(['cat', '/etc/motd'])).stdout, 'hi\n');
    assert.equal(await c.ctx.change(['rm', '-f', '/etc/motd']), undefined);
    assert.equal(await c.ctx.putFile('/local/f', '/remote/f'), false);
    let blockRan = false;
    const b = await c.ctx.changes('write /etc/x', async () => (blockRan = true));
    assert.equal(b, undefined);
    assert.equal(blockRan, false, 'a change block never starts in check mode');
    assert.deepEqual(c.ran, ['cat /etc/motd'], 'only the probe reached the host');
    assert.deepEqual(c.uploads, []);
    assert.deepEqual(c.steps, [
      { verb: 'probe', what: 'cat /etc/motd', sent: true },
      { verb: 'change', what: 'rm -f /etc/motd', sent: false },
      { verb: 'change', what: 'upload /local/f to /remote/f', sent: false },
      { verb: 'change', what: 'write /etc/x', sent: false },
    ]);
    assert.deepEqual(
      c.logs.filter((l) => l.level === 1).map((l) => l.msg),
      [
        '<h1> would run: rm -f /etc/motd',
        '<h1> would run: upload /local/f to /remote/f',
        '<h1> would run: write /etc/x',
      ],
    );
  });

  it("the controller's side: commands run there, not on the host, without become, under the same guard", async () => {
    const c = contextOn(true, [], { method: 'sudo', user: 'nobody' });
    assert.equal(c.ctx.become?.user, 'nobody');
    const local = c.ctx.onController();
    assert.equal(local.connectionKind, 'local');
    assert.equal(local.become, undefined);
    assert.equal(
      (await local.probe(['sh', '-c', 'echo $0 as $(id -u)', 'rsync'])).stdout,
      `rsync as ${process.getuid!()}\n`,
    );
    assert.equal(await local.change(['touch', '/nonexistent/never']), undefined, 'check mode keeps it back');
    assert.deepEqual(c.ran, [], 'nothing reached the host');
    assert.deepEqual(
      c.steps.map((s) => [s.verb, s.sent]),
      [
        ['probe', true],
        ['change', false],
      ],
      "the steps are the task's",
    );
    assert.equal(c.ctx.sshLink(), undefined);
  });

  it('a scratch copy (the input of a check) is made in check mode too, as the login user, and removed', async () => {
    const c = contextOn(true, [{ match: 'mktemp', stdout: '/tmp/.fabplay-scratch.abc\n' }]);
    const s = await c.ctx.scratchCopy({ localPath: '/local/a.tgz' }, 'source');
    assert.equal(s.path, '/tmp/.fabplay-scratch.abc/source');
    assert.deepEqual(c.uploads, ['/tmp/.fabplay-scratch.abc/source']);
    await s.cleanup();
    assert.deepEqual(c.ran, [
      'mktemp -d /tmp/.fabplay-scratch.XXXXXXXX',
      'rm -rf -- /tmp/.fabplay-scratch.abc',
    ]);
    assert.ok(c.steps.every((st) => st.verb === 'probe' && st.sent));
  });

  it('outside check mode sends changes, and a change block runs with its steps', async () => {
    const c = contextOn(false, [{ match: 'touch', stdout: 'done' }]);
    assert.equal((await c.ctx.change(['touch', '/x']))?.stdout, 'done');
    const r = await c.ctx.changes('two steps', async () => {
      await c.ctx.change(['mkdir', '/d']);
      return c.ctx.putFile('/l', '/d/f');
    });
    assert.equal(r, true);
    assert.deepEqual(c.ran, ['touch /x', 'mkdir /d']);
    assert.deepEqual(c.uploads, ['/d/f']);
    assert.ok(c.steps.every((s) => s.sent));
    assert.equal(c.logs.filter((l) => l.level === 1).length, 0);
  });

  it('an SFTP writer asked for in check mode is a bug, caught by an assertion', async () => {
    const c = contextOn(true);
    await assert.rejects(c.ctx.fileWriter(), CheckModeViolation);
    await assert.rejects(c.ctx.fileWriter(), /BUG: a change reached h1 in check mode: an SFTP write/);
  });

  it('a failing probe throws CommandError unless allowFail; warnings are collected', async () => {
    const c = contextOn(false, [{ match: 'false', rc: 1, stderr: 'no' }]);
    await assert.rejects(c.ctx.probe(['false']), /false/);
    assert.equal((await c.ctx.probe(['false'], { allowFail: true })).rc, 1);
    c.ctx.warn('careful');
    assert.deepEqual(c.warnings, ['careful']);
  });

  it('modules see no check flag: only a wording and the missing-prerequisite rule, per mode', () => {
    const chk = contextOn(true).ctx;
    const run = contextOn(false).ctx;
    assert.equal('check' in chk, false);
    assert.equal(chk.wording('Would', 'Did'), 'Would');
    assert.equal(run.wording('Would', 'Did'), 'Did');
    assert.equal(chk.mayBeMadeEarlier(), true);
    assert.equal(run.mayBeMadeEarlier(), false);
  });
});

describe('src/modules: every command and check-mode decision goes through the context', () => {
  const root = fileURLToPath(new URL('../../../src/modules/', import.meta.url));
  const sources = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && f !== join('lib', 'context.ts'))
    .map((f) => ({ f, text: readFileSync(join(root, f), 'utf8') }));

  it('finds the module sources it checks', () => {
    assert.ok(sources.length > 40, `only ${sources.length} files under src/modules`);
  });

  for (const [what, re] of [
    ['a check-mode guard (ctx.check)', /\bctx\.check\b|\bcheck\s*\?/],
    ['the raw connection (conn, runRaw)', /\bctx\.conn\b|\brunRaw\b|\bconn\.(exec|putFile|get)\b/],
  ] as const) {
    it(`no module reads ${what}`, () => {
      const hits = sources.flatMap(({ f, text }) =>
        text
          .split('\n')
          .flatMap((l, i) => (re.test(l) && !/^\s*(\/\/|\*)/.test(l) ? [`${f}:${i + 1}: ${l.trim()}`] : [])),
      );
      assert.deepEqual(hits, []);
    });
  }
});
