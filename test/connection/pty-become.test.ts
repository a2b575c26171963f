import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { LocalConnection } from '../../src/connection/local.js';
import {
  BecomeError,
  SuPtyDialog,
  endsInSuPrompt,
  needsPty,
  suCommandLine,
} from '../../src/connection/pty-become.js';
import type { BecomeSpec } from '../../src/connection/types.js';

const PW = `s3cret 'pw"$x`;
const su: BecomeSpec = { method: 'su', user: 'root', password: PW };
const M = '__fabplay_0123456789abcdef0123456789abcdef';

describe('su with a password over a pty (pty-become)', () => {
  it('recognises su prompts in the languages Ansible knows, and nothing else', () => {
    for (const p of [
      'Password: ',
      'Password:',
      "root's Password: ",
      'Mot de passe : ',
      'Passwort: ',
      'Пароль: ',
      '密码：',
      'パスワード:',
      'noise\r\nPassword: ',
    ])
      assert.equal(endsInSuPrompt(p), true, p);
    for (const p of ['Password: \n', 'su: Authentication failure\n', 'Enter Password: now', 'Passwords:', ''])
      assert.equal(endsInSuPrompt(p), false, p);
  });

  it("localized_prompts / ansible_su_prompt_l10n: the words given replace Ansible's list", () => {
    assert.equal(endsInSuPrompt('Geheimwort: ', ['Geheimwort', 'Losung']), true);
    assert.equal(endsInSuPrompt("root's losung：", ['Geheimwort', 'Losung']), true);
    assert.equal(endsInSuPrompt('Password: ', ['Geheimwort']), false);
    // no words: Ansible's own list
    assert.equal(endsInSuPrompt('Password: ', []), true);
    const d = new SuPtyDialog('h1', { ...su, prompts: ['Geheimwort'] }, M, undefined);
    assert.equal(d.feed(Buffer.from('Password: ')), undefined);
    const custom = new SuPtyDialog('h1', { ...su, prompts: ['Geheimwort'] }, M, undefined);
    assert.equal(custom.feed(Buffer.from('Geheimwort: '))?.toString(), `${PW}\n`);
  });

  it('needs a pty only for su with a password', () => {
    assert.equal(needsPty(su), true);
    assert.equal(needsPty({ ...su, password: undefined }), false);
    assert.equal(needsPty({ ...su, method: 'sudo' }), false);
    assert.equal(needsPty(undefined), false);
  });

  it('puts neither the password nor the stdin on the command line; applies flags, env and cwd', () => {
    const line = suCommandLine(
      'id -u',
      { become: { ...su, flags: '-l' }, env: { A: 'b' }, cwd: '/x y', stdin: 'in' },
      M,
      5000,
    );
    assert.ok(line.startsWith('su -l root -c '), line);
    assert.ok(!line.includes('s3cret') && !line.includes("'in'"), line);
    // run through the two shells it goes through (su -c, then /bin/sh -c): the framing script
    const script = spawnSync('/bin/sh', [
      '-c',
      `set -- ${line.slice('su -l root -c '.length)}; printf %s "$1"`,
    ]).stdout.toString();
    assert.match(script, /^\/bin\/sh -c /);
    // stdin lands whole in a file before the command runs
    assert.match(
      script,
      /head -c 4 >"\$i" && \[ "\$\(wc -c <"\$i"\)" -eq 4 \] && base64 -d <"\$i" \| timeout -k 2 5 /,
    );
    assert.match(script, /export A=b; cd/);
  });

  it('types the password once at the prompt, then takes stdout and stderr after the marker', () => {
    const d = new SuPtyDialog('h1', su, M, Buffer.from('in\n'));
    assert.equal(d.feed(Buffer.from('Pass')), undefined);
    assert.equal(d.feed(Buffer.from('word: '))?.toString(), `${PW}\n`);
    assert.equal(d.feed(Buffer.from(`\r\n${M}_g`)), undefined);
    // once su lets the command run: the stdin, base64 (as many characters as the script reads)
    assert.equal(d.feed(Buffer.from(`o\nout\n`))?.toString(), 'aW4K');
    d.feed(Buffer.from(`put\n\r\nmore${M}_err\nerr\n${M}_rc 3\n`));
    const r = d.finish(0);
    assert.equal(r.rc, 3);
    assert.equal(r.stdout.toString(), 'out\nput\n\r\nmore');
    assert.equal(r.stderr.toString(), 'err\n');
  });

  it('sends no password when su runs the command without asking (already root)', () => {
    const d = new SuPtyDialog('h1', su, M, undefined);
    assert.equal(d.feed(Buffer.from(`${M}_go\nPassword: `)), undefined);
    d.feed(Buffer.from(`${M}_err\n${M}_rc 0\n`));
    assert.deepEqual(
      { ...d.finish(0), stdout: d.finish(0).stdout.toString() },
      { rc: 0, stdout: 'Password: ', stderr: Buffer.alloc(0) },
    );
  });

  it('a refused password is a BecomeError with the host and what su said, never the password', () => {
    const d = new SuPtyDialog('h7', su, M, undefined);
    d.feed(Buffer.from('Password: '));
    d.feed(Buffer.from(`\r\nsu: Authentication failure\r\n`));
    assert.throws(
      () => d.finish(1),
      (e: unknown) =>
        e instanceof BecomeError &&
        e.message ===
          'h7: become_method su to root failed: su: Authentication failure (check the become password)',
    );
    const again = new SuPtyDialog('h7', su, M, undefined);
    again.feed(Buffer.from('Password: '));
    assert.throws(
      () => again.feed(Buffer.from(`\r\n${PW}\r\nPassword: `)),
      (e: unknown) => {
        assert.ok(e instanceof BecomeError);
        assert.match(e.message, /asked for the password again/);
        assert.ok(!e.message.includes(PW), e.message);
        return true;
      },
    );
  });

  it('su ending before the command ran (no such user) is a BecomeError too', () => {
    const d = new SuPtyDialog('h1', { ...su, user: 'nosuch' }, M, undefined);
    d.feed(Buffer.from('su: user nosuch does not exist\r\n'));
    assert.throws(
      () => d.finish(1),
      /^BecomeError: h1: become_method su to nosuch failed: su: user nosuch does not exist$/,
    );
  });

  it('the framing shell killed before it reported: what came, with su exit status', () => {
    const d = new SuPtyDialog('h1', su, M, undefined);
    d.feed(Buffer.from(`${M}_go\npartial`));
    const r = d.finish(137);
    assert.equal(r.rc, 137);
    assert.equal(r.stdout.toString(), 'partial');
  });

  it('a local connection refuses su with a password unless it runs as root', async () => {
    const saved = process.getuid;
    process.getuid = () => 1000;
    try {
      await assert.rejects(
        new LocalConnection('here').exec('id -u', { become: su }),
        (e: unknown) =>
          e instanceof BecomeError &&
          /^here: become_method su with a password needs a terminal/.test(e.message),
      );
    } finally {
      process.getuid = saved;
    }
  });
});
