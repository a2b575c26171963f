import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { decryptVault, encryptVault, type VaultSecret } from '../../src/vault/secrets.js';

/**
 * Vaults written by ansible-vault 2.14 open under fabplay, and fabplay's open under ansible-vault:
 * formats 1.1 (no label) and 1.2 (a label), multi-line and non-ASCII plaintexts.
 */

const PLAINTEXTS = {
  oneLine: 's3cr3t-p4ss',
  multiLine: 'first line\nsecond line\n\n  indented: yes\n',
  nonAscii: 'pässwörd ✓ 秘密 — ŧ€st\n',
  empty: '',
};

describe('vault: differential against ansible-vault 2.14', function () {
  this.timeout(120000);
  let dir: string;
  let pwFile: string;
  let password: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-vault-diff-'));
    password = randomBytes(12).toString('base64url') + 'é';
    pwFile = join(dir, 'password');
    writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const ansibleVault = (args: string[], input?: string): string =>
    execFileSync('ansible-vault', args, {
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: dir,
    });

  for (const label of [undefined, 'prod']) {
    const format = label ? '1.2' : '1.1';
    const idArgs = (): string[] =>
      label ? ['--vault-id', `${label}@${pwFile}`] : ['--vault-password-file', pwFile];
    const secret = (): VaultSecret => ({ id: label ?? 'default', password: Buffer.from(password) });

    for (const [name, plain] of Object.entries(PLAINTEXTS)) {
      it(`opens a ${format} file ansible-vault encrypted (${name})`, () => {
        const f = join(dir, `a-${format}-${name}`);
        writeFileSync(f, plain);
        ansibleVault(['encrypt', ...idArgs(), f]);
        const text = readFileSync(f, 'utf8');
        assert.ok(
          text.startsWith(label ? `$ANSIBLE_VAULT;1.2;AES256;${label}\n` : '$ANSIBLE_VAULT;1.1;AES256\n'),
        );
        // a secret with another label is tried too, as Ansible tries them all
        const secrets = [
          { id: 'other', password: Buffer.from('nope') },
          { ...secret(), id: 'whatever' },
        ];
        const r = decryptVault(text, secrets, { what: f });
        assert.equal(r.plaintext.toString('utf8'), plain);
      });

      it(`writes a ${format} file ansible-vault opens (${name})`, () => {
        const f = join(dir, `f-${format}-${name}`);
        const text = encryptVault(plain, secret());
        writeFileSync(f, text);
        assert.ok(text.split('\n').every((l) => l.length <= 80));
        assert.equal(ansibleVault(['decrypt', ...idArgs(), '--output', '-', f]), plain);
      });
    }

    it(`opens a ${format} encrypt_string value from ansible-vault and writes one it opens`, () => {
      const out = ansibleVault(['encrypt_string', ...idArgs(), '--stdin-name', 'v'], PLAINTEXTS.nonAscii);
      const body = out.replace(/^v: !vault \|\n/, '').replace(/^ {10}/gm, '');
      assert.equal(decryptVault(body, [secret()], { what: 'v' }).plaintext.toString(), PLAINTEXTS.nonAscii);

      const vars = join(dir, `vars-${format}.yml`);
      const inline = encryptVault(PLAINTEXTS.multiLine, secret()).replace(/^/gm, '  ').trimEnd();
      writeFileSync(vars, `v: !vault |\n${inline}\n`);
      const pb = join(dir, `show-${format}.yml`);
      writeFileSync(
        pb,
        `- hosts: localhost\n  gather_facts: no\n  vars_files: [${vars}]\n  tasks:\n    - copy: {content: "{{ v }}", dest: ${vars}.out}\n`,
      );
      execFileSync('ansible-playbook', [...idArgs(), pb], {
        cwd: dir,
        stdio: 'pipe',
        env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false' },
      });
      assert.equal(readFileSync(`${vars}.out`, 'utf8'), PLAINTEXTS.multiLine);
    });
  }
});
