import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { useLab } from '../helpers/lab.js';
import { labPlaybooks } from './lab-playbook.js';

// raw and tempfile over real SSH. Both have no check mode in Ansible (raw's action plugin skips
// in --check; tempfile declares check_mode support: none), so check mode reports `skipped`, not
// a change. Ansible's raw reports changed on every run unless changed_when says otherwise, keeps
// its output as the host sent it, and has no diff; tempfile makes a new file on every run.
const TASKS = `
    - name: raw guarded
      raw: "if test -e /srv/rt/raw.done; then echo present; else echo made > /srv/rt/raw.done; echo made; fi"
      register: guarded
      changed_when: "'made' in guarded.stdout"
    - name: raw
      raw: cat /srv/rt/raw.done
    - name: raw bash
      raw: 'echo "bash $BASH_VERSION"'
      args: { executable: /bin/bash }
    - name: tempfile
      tempfile: { path: /srv/rt, prefix: pxe., suffix: .cfg }
    - name: tempfile dir
      tempfile: { path: /srv/rt, state: directory }
`;
const ALL = ['raw guarded', 'raw', 'raw bash', 'tempfile', 'tempfile dir'];

describe('raw and tempfile over SSH on a lab host @lab', function () {
  this.timeout(300000);
  const lab = useLab({ hosts: 1 });
  const { playbook, run, snapshot } = labPlaybooks(lab, 'fp-raw-tempfile-');
  const sh = async (command: string) => {
    const r = await lab.exec('h1', command);
    assert.equal(r.rc, 0, `${command}: ${r.stderr}`);
    return r.stdout;
  };
  /** the temporary files and directories the tempfile tasks made, with their modes */
  const made = () => sh('cd /srv/rt && find . -name "pxe.*" -o -name "ansible.*" | sort');

  before(() => sh('mkdir -p /srv/rt'));

  it('check mode skips both and writes nothing; raw runs on every run, changed_when makes it idempotent', async () => {
    const pb = playbook(TASKS, 'site.yml');
    const before = snapshot();
    const check = await run(pb, '--check');
    assert.equal(check.r.code, 0, check.r.stderr + check.r.stdout);
    for (const t of ALL) assert.equal(check.byTask.get(t)?.status, 'skipped', `check ${t}`);
    assert.equal(snapshot(), before, 'check mode wrote nothing to the host');

    const conv = await run(pb);
    assert.equal(conv.r.code, 0, conv.r.stderr + conv.r.stdout);
    for (const t of ALL) assert.equal(conv.byTask.get(t)?.status, 'changed', `converge ${t}`);
    assert.equal(await sh('cat /srv/rt/raw.done'), 'made\n');
    const raw = conv.byTask.get('raw')!.result!;
    // Ansible's raw: output unstripped, lines as str.splitlines, no cmd/timing, no msg on success
    assert.deepEqual(
      { stdout: raw.stdout, stdout_lines: raw.stdout_lines, rc: raw.rc, changed: raw.changed },
      { stdout: 'made\n', stdout_lines: ['made'], rc: 0, changed: true },
    );
    for (const k of ['cmd', 'start', 'delta', 'msg']) assert.equal(k in raw, false, k);
    assert.match(String(conv.byTask.get('raw bash')!.result!.stdout), /^bash \d+\.\d+/);
    const file = conv.byTask.get('tempfile')!.result!;
    assert.match(String(file.path), /^\/srv\/rt\/pxe\.\w{8}\.cfg$/);
    assert.deepEqual(
      { mode: file.mode, state: file.state, size: file.size, owner: file.owner },
      { mode: '0600', state: 'file', size: 0, owner: 'root' },
    );
    const dir = conv.byTask.get('tempfile dir')!.result!;
    assert.match(String(dir.path), /^\/srv\/rt\/ansible\.\w{8}$/);
    assert.deepEqual({ mode: dir.mode, state: dir.state }, { mode: '0700', state: 'directory' });
    assert.equal(
      await sh(`stat -c '%a %F' ${String(file.path)} ${String(dir.path)}`),
      '600 regular empty file\n700 directory\n',
    );

    const again = await run(pb);
    assert.equal(again.byTask.get('raw guarded')?.status, 'ok', 'changed_when: nothing made');
    assert.equal(again.byTask.get('raw guarded')?.result?.stdout, 'present\n');
    for (const t of ['raw', 'raw bash', 'tempfile', 'tempfile dir'])
      assert.equal(again.byTask.get(t)?.status, 'changed', `re-run ${t} (Ansible: changed on every run)`);
    assert.notEqual(again.byTask.get('tempfile')?.result?.path, file.path, 'a new file each run');
    assert.equal((await made()).trim().split('\n').length, 4, await made());

    const before2 = snapshot();
    const check2 = await run(pb, '--check', '--diff');
    for (const t of ALL) {
      assert.equal(check2.byTask.get(t)?.status, 'skipped', `check on a converged host: ${t}`);
      assert.equal(check2.byTask.get(t)?.result?.diff, undefined, `no diff for ${t}`);
    }
    assert.equal(snapshot(), before2, 'check mode on a converged host wrote nothing');
    // neither module has diff support in Ansible: a real run with --diff shows none either
    const diff = await run(pb, '--diff');
    for (const t of ALL) assert.equal(diff.byTask.get(t)?.result?.diff, undefined, `no diff for ${t}`);
  });

  it('bad arguments: unknown options at load time, bad values and failures at run time', async () => {
    for (const [i, t] of [
      '{ name: raw, raw: { cmd: "true", bogus_opt: 1 } }',
      '{ name: tempfile, tempfile: { path: /srv/rt, bogus_opt: 1 } }',
    ].entries()) {
      // a task that fails for certain when it runs stops the run before any host is touched
      // (preflight, exit 3); validate reports it the same way
      const pbBad = playbook(`\n    - ${t}`, `unknown${i}.yml`);
      const bad = await run(pbBad);
      const m = /name: (\w+)/.exec(t)![1]!;
      assert.equal(bad.r.code, 3, bad.r.stderr);
      assert.equal(bad.byTask.get(m), undefined, m);
      assert.match(bad.r.stderr, new RegExp(`task "${m}": module '${m}' has no argument 'bogus_opt'`));
      const v = await runCli(['validate', pbBad, '-i', lab.inventory]);
      assert.equal(v.code, 3, v.stderr);
      assert.match(
        v.stderr,
        new RegExp(`unknown${i}\\.yml:4:\\d+: task "${m}": module '${m}' has no argument 'bogus_opt'`),
      );
    }
    const before = await made();
    const pb = playbook(
      `
    - { name: raw fails, raw: "echo oops >&2; exit 3", ignore_errors: true }
    - { name: raw empty, raw: { cmd: "" }, ignore_errors: true }
    - { name: tempfile state, tempfile: { path: /srv/rt, state: folder }, ignore_errors: true }
    - { name: tempfile slash, tempfile: { path: /srv/rt, prefix: a/b }, ignore_errors: true }
    - { name: tempfile no dir, tempfile: { path: /srv/rt/none }, ignore_errors: true }
`,
      'bad.yml',
    );
    const bad = await run(pb);
    assert.equal(bad.r.code, 0, bad.r.stderr + bad.r.stdout);
    const failed = (t: string) => {
      const e = bad.byTask.get(t);
      assert.equal(e?.status, 'failed', `${t}: ${JSON.stringify(e)}`);
      return String(e?.result?.msg);
    };
    // Ansible's raw: a failure still counts as changed, with rc and stderr
    const rf = bad.byTask.get('raw fails')!.result!;
    assert.deepEqual(
      { rc: rf.rc, stderr: rf.stderr, changed: rf.changed },
      { rc: 3, stderr: 'oops\n', changed: true },
    );
    assert.match(failed('raw fails'), /^non-zero return code \(rc=3\) on h1: .*\noops$/);
    assert.match(failed('raw empty'), /raw: no command given/);
    assert.match(failed('tempfile state'), /module 'tempfile': argument 'state' must be/);
    assert.match(failed('tempfile slash'), /prefix and suffix may not contain \//);
    assert.match(failed('tempfile no dir'), /\/srv\/rt\/none\/ansible\.X{8}.*No such file or directory/);
    assert.doesNotMatch(bad.r.stdout + bad.r.stderr, /\n\s+at \S+ \(/, 'no stack trace');
    assert.equal(await made(), before, 'failed tempfile tasks made nothing');
  });
});
