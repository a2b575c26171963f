import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli, tsxLoader } from '../helpers/cli.js';

/** `fabplay vault ...` against ansible-vault 2.14 on the same files. */

describe('fabplay vault commands', function () {
  this.timeout(120000);
  let dir: string;
  let pw: string;
  let pw2: string;
  const vault = (args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
    runCli(['vault', ...args], { cwd: dir, ...opts });
  const ansibleView = (file: string, pwFile = pw): string =>
    execFileSync('ansible-vault', ['decrypt', '--vault-password-file', pwFile, '--output', '-', file], {
      encoding: 'utf8',
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-vault-cmd-'));
    pw = join(dir, 'pw');
    pw2 = join(dir, 'pw2');
    writeFileSync(pw, randomBytes(8).toString('hex'));
    writeFileSync(pw2, randomBytes(8).toString('hex'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('encrypt in place, then decrypt --output -, view, and errors for a vault twice or a plain file', async () => {
    const f = join(dir, 'secrets.yml');
    writeFileSync(f, 'a: 1\nb: ünï\n');
    assert.equal((await vault(['encrypt', '--vault-id', `prod@${pw}`, f])).code, 0);
    assert.match(readFileSync(f, 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/);
    assert.equal(statSync(f).mode & 0o777, 0o600);
    assert.equal(ansibleView(f), 'a: 1\nb: ünï\n');
    assert.equal(
      (await vault(['decrypt', '--vault-password-file', pw, '--output', '-', f])).stdout,
      'a: 1\nb: ünï\n',
    );
    assert.equal((await vault(['view', '--vault-password-file', pw, f])).stdout, 'a: 1\nb: ünï\n');
    const again = await vault(['encrypt', '--vault-password-file', pw, f]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is already encrypted/);
    writeFileSync(join(dir, 'plain'), 'x');
    const plain = await vault(['decrypt', '--vault-password-file', pw, join(dir, 'plain')]);
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /plain is not vault-encrypted/);
  });

  it('encrypt and decrypt stdin to stdout with -', async () => {
    const enc = await vault(['encrypt', '--vault-password-file', pw, '-'], { input: 'from stdin\n' });
    assert.match(enc.stdout, /^\$ANSIBLE_VAULT;1\.1;AES256\n/);
    writeFileSync(join(dir, 'e'), enc.stdout);
    assert.equal(ansibleView(join(dir, 'e')), 'from stdin\n');
    const dec = await vault(['decrypt', '--vault-password-file', pw], { input: enc.stdout });
    assert.equal(dec.stdout, 'from stdin\n');
  });

  it('encrypt_string prints what ansible-vault prints, and ansible-playbook reads it', async () => {
    const ours = await vault([
      'encrypt_string',
      '--vault-id',
      `prod@${pw}`,
      's3cret',
      'other',
      '--name',
      'a',
      '--name',
      'b',
    ]);
    assert.equal(ours.code, 0, ours.stderr);
    const theirs = execFileSync(
      'ansible-vault',
      ['encrypt_string', '--vault-id', `prod@${pw}`, 's3cret', 'other', '--name', 'a', '--name', 'b'],
      {
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const shape = (s: string) => s.replace(/[0-9a-f]{2,80}$/gm, 'HEX').replace(/(HEX\n)+/g, 'HEX\n');
    assert.equal(shape(ours.stdout), shape(theirs));
    assert.ok(!ours.stdout.endsWith('\n'));
    assert.match(
      ours.stderr,
      /# The encrypted version of variable \("a", the string #1 from the command line args\)\./,
    );
    writeFileSync(join(dir, 'vars.yml'), ours.stdout + '\n');
    writeFileSync(
      join(dir, 'p.yml'),
      '- hosts: localhost\n  gather_facts: no\n  vars_files: [vars.yml]\n  tasks:\n    - copy: {content: "{{ a }}-{{ b }}", dest: out}\n',
    );
    execFileSync('ansible-playbook', ['--vault-id', `prod@${pw}`, 'p.yml'], { cwd: dir, stdio: 'pipe' });
    assert.equal(readFileSync(join(dir, 'out'), 'utf8'), 's3cret-other');
    const stdin = await vault(['encrypt_string', '--vault-password-file', pw, '--stdin-name', 'x'], {
      input: 'multi\nline\n',
    });
    assert.match(stdin.stdout, /^x: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n/);
  });

  it('rekey keeps the mode and writes the new vault id; several ids need --encrypt-vault-id', async () => {
    const f = join(dir, 'k');
    writeFileSync(f, 'keep me\n');
    await vault(['encrypt', '--vault-password-file', pw, f]);
    chmodSync(f, 0o640);
    const r = await vault(['rekey', '--vault-password-file', pw, '--new-vault-id', `new@${pw2}`, f]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Rekey successful/);
    assert.match(readFileSync(f, 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;new\n/);
    assert.equal(statSync(f).mode & 0o777, 0o640);
    assert.equal(ansibleView(f, pw2), 'keep me\n');
    const two = await vault(['encrypt', '--vault-id', `a@${pw}`, '--vault-id', `b@${pw2}`, '-'], {
      input: 'x',
    });
    assert.equal(two.code, 5);
    assert.match(two.stderr, /the vault ids a,b are available to encrypt/);
    const both = await vault([
      'rekey',
      '--vault-password-file',
      pw2,
      '--new-vault-id',
      `x@${pw}`,
      '--new-vault-password-file',
      pw,
      f,
    ]);
    assert.equal(both.code, 2);
    assert.match(
      both.stderr,
      /'--new-vault-password-file <file>' cannot be used with option '--new-vault-id/,
    );
    assert.equal(ansibleView(f, pw2), 'keep me\n');
    const chosen = await vault(
      ['encrypt', '--vault-id', `a@${pw}`, '--vault-id', `b@${pw2}`, '--encrypt-vault-id', 'b', '-'],
      { input: 'x' },
    );
    assert.match(chosen.stdout, /^\$ANSIBLE_VAULT;1\.2;AES256;b\n/);
    // ansible-vault's default for --encrypt-vault-id
    const configured = await vault(['encrypt', '--vault-id', `a@${pw}`, '--vault-id', `b@${pw2}`, '-'], {
      input: 'x',
      env: { ANSIBLE_VAULT_ENCRYPT_IDENTITY: 'b' },
    });
    assert.match(configured.stdout, /^\$ANSIBLE_VAULT;1\.2;AES256;b\n/);
    const unknown = await vault(['encrypt_string', '--vault-id', `a@${pw}`, 'x'], {
      env: { ANSIBLE_VAULT_ENCRYPT_IDENTITY: 'c' },
    });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no vault password for --encrypt-vault-id=c among the vault ids 'a'/);
  });

  it('a password script and a client script (--vault-id label given to it) give the password', async () => {
    const script = join(dir, 'pass.sh');
    writeFileSync(script, `#!/bin/sh\ncat ${pw}\n`, { mode: 0o700 });
    const client = join(dir, 'keys-client.sh');
    writeFileSync(
      client,
      `#!/bin/sh\n[ "$1" = --vault-id ] && [ "$2" = prod ] && cat ${pw2} && exit 0\necho "no $2" >&2; exit 2\n`,
      { mode: 0o700 },
    );
    const f = join(dir, 's');
    writeFileSync(f, 'via script\n');
    assert.equal((await vault(['encrypt', '--vault-password-file', script, f])).code, 0);
    assert.equal(ansibleView(f), 'via script\n');
    writeFileSync(f, 'via client\n');
    assert.equal((await vault(['encrypt', '--vault-id', `prod@${client}`, f])).code, 0);
    assert.equal(ansibleView(f, pw2), 'via client\n');
    const unknown = await vault(['view', '--vault-id', `dev@${client}`, f]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /client script \S+ has no secret for vault id 'dev': no dev/);
  });

  it('takes vault_identity_list and vault_password_file from ansible.cfg', async () => {
    writeFileSync(
      join(dir, 'ansible.cfg'),
      `[defaults]\nvault_identity_list = prod@${pw}\nvault_password_file = pw2\n`,
    );
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, 'from the identity list\n');
    writeFileSync(b, 'from the password file\n');
    execFileSync('ansible-vault', ['encrypt', '--vault-id', `prod@${pw}`, a], {
      cwd: tmpdir(),
      stdio: 'pipe',
    });
    execFileSync('ansible-vault', ['encrypt', '--vault-password-file', pw2, b], {
      cwd: tmpdir(),
      stdio: 'pipe',
    });
    const r = await vault(['view', a, b]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'from the identity list\nfrom the password file\n');
    const conf = await runCli(['config'], { cwd: dir });
    assert.match(
      conf.stdout,
      /vault_password_file = \S+\/pw2 {2}\(\S+ansible\.cfg \[defaults\] vault_password_file\)/,
    );
  });

  it('-v (as ansible-vault takes it) names the config file on stderr; the plaintext stays alone on stdout', async () => {
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\n');
    const f = join(dir, 'f');
    writeFileSync(f, 'plain\n');
    assert.equal((await vault(['encrypt', '-v', '--vault-password-file', pw, f])).code, 0);
    const r = await vault(['view', '-vvvvv', '--vault-password-file', pw, f]);
    assert.equal(r.stdout, 'plain\n');
    assert.equal(r.stderr, `Using ${join(dir, 'ansible.cfg')} as config file\n`);
    assert.equal((await vault(['view', '--vault-password-file', pw, f])).stderr, '');
  });

  it('--ask-vault-pass asks on the terminal', () => {
    const f = join(dir, 'asked');
    writeFileSync(f, 'asked for\n');
    execFileSync('ansible-vault', ['encrypt', '--vault-password-file', pw, f], { stdio: 'pipe' });
    const fabplay = [process.execPath, '--import', tsxLoader, join(repoRoot, 'test/helpers/cli-entry.ts')];
    const cmd = [...fabplay, 'vault', 'view', '--ask-vault-pass', f].map((w) => `'${w}'`).join(' ');
    // script(1) gives the command a terminal; the password typed is in its input
    const out = execFileSync('script', ['-qec', `env PAGER=cat ${cmd}`, '/dev/null'], {
      input: readFileSync(pw, 'utf8') + '\n',
      encoding: 'utf8',
      timeout: 60000,
    });
    assert.match(out, /Vault password: /);
    assert.match(out, /asked for/);
  });

  describe('edit', () => {
    const editor = (body: string): string => {
      const e = join(dir, 'editor.sh');
      // records the file it was given and its mode, then does `body`
      writeFileSync(
        e,
        `#!/bin/sh\necho "$1" > ${join(dir, 'edited-path')}\nstat -c %a "$1" > ${join(dir, 'edited-mode')}\n${body}\n`,
        { mode: 0o700 },
      );
      return e;
    };
    const editedPath = () => readFileSync(join(dir, 'edited-path'), 'utf8').trim();

    it('edits in a 0600 temporary file, saves under the same vault id, keeps the mode, removes the file', async () => {
      const f = join(dir, 'vars.yml');
      writeFileSync(f, 'x: 1\n');
      await vault(['encrypt', '--vault-id', `prod@${pw}`, f]);
      chmodSync(f, 0o640);
      const r = await vault(['edit', '--vault-id', `prod@${pw}`, f], {
        env: { EDITOR: editor('echo "y: 2" >> "$1"') },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(join(dir, 'edited-mode'), 'utf8').trim(), '600');
      assert.match(editedPath(), /\.yml$/);
      assert.ok(!existsSync(editedPath()), 'the temporary file is gone');
      assert.match(readFileSync(f, 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/);
      assert.equal(statSync(f).mode & 0o777, 0o640);
      assert.equal(ansibleView(f), 'x: 1\ny: 2\n');
    });

    it('a failing editor saves nothing and leaves no temporary file', async () => {
      const f = join(dir, 'v');
      writeFileSync(f, 'x\n');
      await vault(['encrypt', '--vault-password-file', pw, f]);
      const before = readFileSync(f, 'utf8');
      const r = await vault(['edit', '--vault-password-file', pw, f], {
        env: { EDITOR: editor('echo junk >> "$1"; exit 4') },
      });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /exited with 4; nothing was saved/);
      assert.equal(readFileSync(f, 'utf8'), before);
      assert.ok(!existsSync(editedPath()));
    });

    it('SIGTERM during the edit removes the temporary file', async () => {
      const f = join(dir, 'v');
      writeFileSync(f, 'plain secret\n');
      await vault(['encrypt', '--vault-password-file', pw, f]);
      let signalled = false;
      const r = await runCli(['vault', 'edit', '--vault-password-file', pw, f], {
        cwd: dir,
        // the editor says it is editing on stdout (fabplay's), then waits to be killed
        env: { EDITOR: editor('echo EDITING; exec sleep 30') },
        onStdout: (out, child) => {
          if (!signalled && out.includes('EDITING')) {
            signalled = true;
            child.kill('SIGTERM');
          }
        },
      });
      assert.ok(signalled);
      assert.equal(r.code, 143, r.stderr);
      assert.ok(!existsSync(editedPath()), 'the temporary file is gone');
      assert.ok(!readFileSync(f, 'utf8').includes('plain secret'));
    });

    it('create opens an empty file and writes a vault; refuses an existing file', async () => {
      const f = join(dir, 'new.yml');
      const r = await vault(['create', '--vault-password-file', pw, f], {
        env: { EDITOR: editor('echo "created: yes" > "$1"') },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(ansibleView(f), 'created: yes\n');
      const again = await vault(['create', '--vault-password-file', pw, f], {
        env: { EDITOR: editor('true') },
      });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /exists, please use 'edit' instead/);
    });
  });
});
