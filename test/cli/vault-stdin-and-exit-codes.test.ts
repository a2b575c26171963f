import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

/**
 * `fabplay vault` exits as ansible-vault 2.14 does on the same command, files and standard input,
 * both run with no terminal (setsid): 1 for an error, 5 for options refused once parsed, 2 for
 * what the argument parser refuses. With no terminal the password is a line of standard input.
 */

interface Case {
  what: string;
  args: string[];
  input?: string;
  code: number;
}

const CASES: Case[] = [
  { what: 'a wrong password', args: ['view', '--vault-password-file', 'wrong', 'v.yml'], code: 1 },
  { what: 'an empty password file', args: ['view', '--vault-password-file', 'empty', 'v.yml'], code: 1 },
  { what: 'no password file', args: ['view', '--vault-password-file', 'none', 'v.yml'], code: 1 },
  { what: 'no vault file', args: ['view', '--vault-password-file', 'pw', 'none.yml'], code: 1 },
  { what: 'a plain file', args: ['decrypt', '--vault-password-file', 'pw', 'plain'], code: 1 },
  {
    what: 'an --encrypt-vault-id given no password',
    args: ['encrypt', '--vault-password-file', 'pw', '--encrypt-vault-id', 'nope', 'plain'],
    code: 1,
  },
  {
    what: 'two vault ids to encrypt with',
    args: ['encrypt', '--vault-id', 'a@pw', '--vault-id', 'b@wrong', 'plain'],
    code: 5,
  },
  { what: "a ';' in a vault id", args: ['view', '--vault-id', 'a;b@pw', 'v.yml'], code: 5 },
  {
    what: '--output with two files',
    args: ['decrypt', '--vault-password-file', 'pw', '--output', '-', 'v.yml', 'v.yml'],
    code: 5,
  },
  {
    what: '--prompt while reading stdin',
    args: ['encrypt_string', '--vault-password-file', 'pw', '--prompt', '-'],
    code: 5,
  },
  { what: 'an empty stdin', args: ['encrypt_string', '--vault-password-file', 'pw'], code: 5 },
  { what: 'an unknown option', args: ['view', '--bogus', 'v.yml'], code: 2 },
  {
    what: '--new-vault-id with --new-vault-password-file',
    args: [
      'rekey',
      '--vault-password-file',
      'pw',
      '--new-vault-id',
      'n@pw',
      '--new-vault-password-file',
      'pw',
      'v.yml',
    ],
    code: 2,
  },
  {
    what: '--ask-vault-pass with --vault-password-file',
    args: ['view', '--ask-vault-pass', '--vault-password-file', 'pw', 'v.yml'],
    code: 2,
  },
  { what: 'a prompt on an empty stdin', args: ['view', '--ask-vault-pass', 'v.yml'], code: 1 },
  {
    what: 'a wrong password on stdin',
    args: ['view', '--ask-vault-pass', 'v.yml'],
    input: 'nope\n',
    code: 1,
  },
  { what: 'the password on stdin', args: ['view', '--ask-vault-pass', 'v.yml'], input: 'PW\n', code: 0 },
  {
    what: 'a vault id prompt answered on stdin',
    args: ['view', '--vault-id', 'dev@prompt', 'v.yml'],
    input: 'PW\n',
    code: 0,
  },
];

describe('fabplay vault: exit codes and the password on stdin, as ansible-vault', function () {
  this.timeout(180000);
  let root: string;
  /** the files every command starts from */
  let dir: string;
  let password: string;
  const plaintext = 'opened: yes\n';

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'fabplay-vault-rc-'));
    dir = join(root, 'files');
    mkdirSync(dir);
    password = randomBytes(9).toString('base64url');
    writeFileSync(join(dir, 'pw'), password + '\n');
    writeFileSync(join(dir, 'wrong'), 'not-the-password\n');
    writeFileSync(join(dir, 'empty'), '');
    writeFileSync(join(dir, 'v.yml'), plaintext);
    execFileSync('ansible-vault', ['encrypt', '--vault-password-file', 'pw', 'v.yml'], {
      cwd: dir,
      stdio: 'pipe',
    });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** A copy of the files for one command of one tool (an encrypt changes them). */
  const workdir = (tool: string, i: number): string => {
    const d = join(root, `${tool}-${i}`);
    cpSync(dir, d, { recursive: true });
    writeFileSync(join(d, 'plain'), 'plain text\n');
    return d;
  };

  CASES.forEach((c, i) => {
    it(`${c.what}: ${c.code}`, async () => {
      const input = c.input?.replace('PW', password);
      // setsid: no controlling terminal, so both read a password from standard input
      const theirs = spawnSync('setsid', ['-w', 'ansible-vault', ...c.args], {
        cwd: workdir('ansible', i),
        input: input ?? '',
        encoding: 'utf8',
        env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
      });
      assert.equal(theirs.status, c.code, `ansible-vault: ${theirs.stderr}`);
      const ours = await runCli(['vault', ...c.args], { cwd: workdir('fabplay', i), input, detached: true });
      assert.equal(ours.code, c.code, ours.stderr);
      if (c.code === 0) {
        assert.equal(ours.stdout, theirs.stdout);
        assert.equal(ours.stdout, plaintext);
      }
    });
  });

  it('encrypt_string --prompt reads the name and the string from stdin (--show-input: the same)', async () => {
    for (const extra of [[], ['--show-input']]) {
      const args = ['encrypt_string', '--vault-password-file', 'pw', '--prompt', ...extra, 'from-args'];
      const r = await runCli(['vault', ...args], {
        cwd: dir,
        input: 'nm\nthe secret\n',
        detached: true,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /# The encrypted version of variable \("nm", the string #1 from the interactive prompt\)/,
      );
      const file = join(dir, 'strings.yml');
      writeFileSync(file, r.stdout.replace(/^!vault/m, 'other: !vault') + '\n');
      const shown = execFileSync(
        'ansible',
        [
          'localhost',
          '-m',
          'debug',
          '-a',
          'msg="{{ nm }} / {{ other }}"',
          '-e',
          `@${file}`,
          '--vault-password-file',
          'pw',
        ],
        { cwd: dir, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } },
      );
      assert.match(shown, /"msg": "the secret \/ from-args"/);
    }
  });

  it('a new password on stdin is asked twice and must match; the file to encrypt follows it', async () => {
    const r = await runCli(['vault', 'encrypt', '--ask-vault-pass', '--output', '-', '-'], {
      cwd: dir,
      input: `${password}\n${password}\nfile body\n`,
      detached: true,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /New Vault password: \nConfirm New Vault password: \n/);
    writeFileSync(join(dir, 'enc'), r.stdout);
    assert.equal(
      execFileSync('ansible-vault', ['view', '--vault-password-file', 'pw', 'enc'], {
        cwd: dir,
        encoding: 'utf8',
      }),
      'file body\n',
    );
    const differ = await runCli(['vault', 'encrypt', '--ask-vault-pass', '--output', '-', '-'], {
      cwd: dir,
      input: 'one\ntwo\nbody\n',
      detached: true,
    });
    assert.equal(differ.code, 1);
    assert.match(differ.stderr, /the vault passwords do not match/);
    assert.equal(differ.stdout, '');
  });
});

describe('fabplay run --ask-vault-pass with no terminal, as ansible-playbook', function () {
  this.timeout(120000);
  let dir: string;
  let password: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-run-stdin-pw-'));
    password = randomBytes(9).toString('base64url');
    writeFileSync(join(dir, 'pw'), password + '\n');
    writeFileSync(join(dir, 'secret.yml'), 'from_vault: v4ult-op3n\n');
    execFileSync('ansible-vault', ['encrypt', '--vault-password-file', 'pw', 'secret.yml'], {
      cwd: dir,
      stdio: 'pipe',
    });
    writeFileSync(
      join(dir, 'play.yml'),
      '- hosts: localhost\n  gather_facts: false\n  vars_files: [secret.yml]\n' +
        `  tasks:\n    - debug:\n        msg: "is it {{ from_vault == 'v4ult-op3n' }}"\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the password from a line of standard input', async () => {
    const args = ['-i', 'localhost,', '-c', 'local', '--ask-vault-pass', 'play.yml'];
    const theirs = spawnSync('setsid', ['-w', 'ansible-playbook', ...args], {
      cwd: dir,
      input: `${password}\n`,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
    });
    assert.equal(theirs.status, 0, theirs.stderr);
    assert.match(theirs.stdout, /"msg": "is it True"/);
    const ours = await runCli(['run', ...args], {
      cwd: dir,
      input: `${password}\n`,
      detached: true,
      env: { NO_COLOR: '1' },
    });
    assert.equal(ours.code, 0, ours.stderr);
    assert.match(ours.stdout, /"msg": "is it True"/);
    assert.match(ours.stderr, /Vault password: /);
  });

  it('reads -K (the become password) from standard input too', async () => {
    writeFileSync(
      join(dir, 'become.yml'),
      '- hosts: localhost\n  gather_facts: false\n  become: true\n  tasks:\n    - command: id -un\n      register: who\n    - debug: var=who.stdout\n',
    );
    const args = ['-i', 'localhost,', '-c', 'local', '-K', 'become.yml'];
    const theirs = spawnSync('setsid', ['-w', 'ansible-playbook', ...args], {
      cwd: dir,
      input: 'not-needed-as-root\n',
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
    });
    assert.equal(theirs.status, 0, theirs.stderr);
    assert.match(theirs.stdout, /"who.stdout": "root"/);
    const ours = await runCli(['run', ...args], {
      cwd: dir,
      input: 'not-needed-as-root\n',
      detached: true,
      env: { NO_COLOR: '1' },
    });
    assert.equal(ours.code, 0, ours.stderr);
    assert.match(ours.stdout, /"who.stdout": "root"/);
    assert.match(ours.stderr, /BECOME password: /);
    const none = await runCli(['run', ...args], {
      cwd: dir,
      input: '',
      detached: true,
      env: { NO_COLOR: '1' },
    });
    assert.notEqual(none.code, 0);
    assert.match(
      none.stderr,
      /BECOME password was to be asked, but there is no terminal and standard input has ended/,
    );
  });
});
