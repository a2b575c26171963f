import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { useLab } from '../helpers/lab.js';
import { labPlaybooks } from './lab-playbook.js';

// One playbook over real SSH: every task uses a module the other lab tests do not cover.
const TASKS = `
    - name: blockinfile
      blockinfile: { path: /srv/mods/block.conf, block: "pxe on" }
    - name: replace
      replace: { path: /srv/mods/rep.conf, regexp: 'old', replace: 'new' }
    - name: assemble
      assemble: { src: /srv/mods/frags, dest: /srv/mods/assembled.conf }
    - name: command
      command: { cmd: touch /srv/mods/cmd.done, creates: /srv/mods/cmd.done }
    - name: shell
      shell: echo hi > /srv/mods/shell.done
      args: { creates: /srv/mods/shell.done }
    - name: fetch
      fetch: { src: /srv/mods/frags/01, dest: "FETCHDIR/", flat: true }
    - name: script
      script: "SCRIPT /srv/mods/script.done"
      args: { creates: /srv/mods/script.done }
    - name: wait_for
      wait_for: { port: 8080, host: 127.0.0.1, timeout: 10 }
    - name: get_url
      get_url: { url: "http://127.0.0.1:8080/f.txt", dest: /srv/mods/f.txt }
    - name: stat
      stat: { path: /srv/mods/rep.conf }
    - name: slurp
      slurp: { src: /srv/mods/rep.conf }
    - name: find
      find: { paths: /srv/mods, patterns: "*.conf" }
    - name: uri
      uri: { url: "http://127.0.0.1:8080/f.txt" }
`;
const CHANGING = ['fetch', 'script', 'blockinfile', 'replace', 'assemble', 'command', 'shell', 'get_url'];
const READ_ONLY = ['wait_for', 'stat', 'slurp', 'find', 'uri'];

const BAD = `
    - { name: blockinfile, blockinfile: { path: /srv/mods/b, bogus_opt: 1 }, ignore_errors: true }
    - { name: replace, replace: { path: /srv/mods/r, regexp: x, bogus_opt: 1 }, ignore_errors: true }
    - { name: stat, stat: { path: /tmp, bogus_opt: 1 }, ignore_errors: true }
    - { name: slurp, slurp: { src: /tmp/x, bogus_opt: 1 }, ignore_errors: true }
    - { name: find, find: { paths: /tmp, bogus_opt: 1 }, ignore_errors: true }
    - { name: command, command: { cmd: "true", bogus_opt: 1 }, ignore_errors: true }
    - { name: get_url, get_url: { url: "http://127.0.0.1:8080/f.txt", dest: /tmp/x, bogus_opt: 1 }, ignore_errors: true }
    - { name: uri, uri: { url: "http://127.0.0.1:8080/f.txt", bogus_opt: 1 }, ignore_errors: true }
    - { name: fetch, fetch: { src: /srv/mods/frags/01, dest: /tmp/x, bogus_opt: 1 }, ignore_errors: true }
    - { name: script, script: { cmd: mark.sh, bogus_opt: 1 }, ignore_errors: true }
    - { name: wait_for, wait_for: { port: 8080, bogus_opt: 1 }, ignore_errors: true }
    - { name: assemble, assemble: { src: /srv/mods/frags, dest: /tmp/x, bogus_opt: 1 }, ignore_errors: true }
    - { name: shell, shell: { cmd: "true", bogus_opt: 1 }, ignore_errors: true }
`;

describe('thirteen modules over SSH: converge, re-run unchanged, check, diff, bad arguments @lab', function () {
  this.timeout(600000);
  const lab = useLab({ hosts: 1 });
  const { dir, playbook, run, snapshot } = labPlaybooks(lab, 'fp-modules-');

  before(async () => {
    const r = await lab.exec(
      'h1',
      'mkdir -p /srv/mods/frags /srv/www && printf "old\\n" > /srv/mods/rep.conf && ' +
        'printf "a\\n" > /srv/mods/frags/01 && printf "b\\n" > /srv/mods/frags/02 && ' +
        'printf "payload\\n" > /srv/www/f.txt && touch /srv/mods/block.conf && ' +
        'busybox httpd -p 127.0.0.1:8080 -h /srv/www',
    );
    assert.equal(r.rc, 0, r.stderr);
  });

  it('check on a fresh host, converge, re-run, check again, diff, bad arguments', async () => {
    const script = join(dir, 'mark.sh');
    writeFileSync(script, '#!/bin/sh\necho done > "$1"\n', { mode: 0o755 });
    const pb = playbook(TASKS.replace('FETCHDIR', dir).replace('SCRIPT', script), 'site.yml');
    const before = snapshot();
    const check = await run(pb, '--check');
    for (const t of CHANGING)
      assert.equal(check.byTask.get(t)?.status, 'changed', `check ${t}: ${check.r.stdout}`);
    assert.equal(snapshot(), before, 'check mode wrote nothing to the host');

    const conv = await run(pb);
    assert.equal(conv.r.code, 0, conv.r.stderr + conv.r.stdout);
    for (const t of CHANGING) assert.equal(conv.byTask.get(t)?.status, 'changed', `converge ${t}`);
    for (const t of READ_ONLY) assert.equal(conv.byTask.get(t)?.status, 'ok', `converge ${t}`);
    assert.equal(
      (await lab.exec('h1', 'cat /srv/mods/rep.conf /srv/mods/assembled.conf /srv/mods/f.txt')).stdout,
      'new\na\nb\npayload\n',
    );

    assert.equal(readFileSync(join(dir, '01'), 'utf8'), 'a\n', 'fetch copied to the controller');
    assert.equal((await lab.exec('h1', 'cat /srv/mods/script.done')).stdout, 'done\n');
    // a script whose creates exists is skipped, as Ansible's script action does
    const settled = (t: string) => (t === 'script' ? 'skipped' : 'ok');
    const again = await run(pb);
    for (const t of [...CHANGING, ...READ_ONLY])
      assert.equal(again.byTask.get(t)?.status, settled(t), `re-run ${t}`);
    const check2 = await run(pb, '--check');
    for (const t of [...CHANGING, ...READ_ONLY])
      assert.equal(check2.byTask.get(t)?.status, settled(t), `check2 ${t}`);

    await lab.exec('h1', 'printf "old\\n" > /srv/mods/rep.conf && printf "x\\n" > /srv/mods/block.conf');
    const diff = await run(pb, '--check', '--diff');
    for (const t of ['replace', 'blockinfile']) {
      assert.equal(diff.byTask.get(t)?.status, 'changed', t);
      assert.ok(diff.byTask.get(t)?.result?.diff, `diff for ${t}`);
    }

    // An unknown option fails its task when it runs, as in Ansible (here ignored, so the run
    // goes on); `fabplay validate` names it before any run: exit 3 with file:line, the task, the
    // module and the option
    for (const [i, line] of BAD.split('\n')
      .filter((l) => l.trim())
      .entries()) {
      const t = /name: (\w+)/.exec(line)![1]!;
      const pbBad = playbook(`\n${line}`, `bad${i}.yml`);
      const bad = await run(pbBad);
      assert.equal(bad.r.code, 0, `bad ${t}: ${bad.r.stderr}`);
      assert.equal(bad.byTask.get(t)?.status, 'failed', t);
      assert.match(
        String(bad.byTask.get(t)?.result?.msg),
        new RegExp(`module '${t}': unsupported parameter 'bogus_opt'`),
      );
      const v = await runCli(['validate', pbBad, '-i', lab.inventory]);
      assert.equal(v.code, 3, `validate ${t}: ${v.stderr}`);
      assert.match(
        v.stderr,
        new RegExp(`bad${i}\\.yml:4:\\d+: task "${t}": module '${t}' has no argument 'bogus_opt'`),
        v.stderr + v.stdout,
      );
    }
  });
});
