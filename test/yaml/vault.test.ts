import { strict as assert } from 'node:assert';
import { parseYaml, posOf } from '../../src/yaml/load.js';
import { encryptVault } from '../../src/vault/secrets.js';
import { setVaultSecrets, vaultPlaintexts } from '../../src/vault/keyring.js';
import { InputError } from '../../src/errors.js';
import { SealedVault, SealedVaultRead } from '../../src/vault/sealed.js';

const secret = { id: 'prod', password: Buffer.from('yaml-pw') };
const indent = (text: string, n: number): string => text.replace(/^(?=.)/gm, ' '.repeat(n)).trimEnd();

describe('yaml loader: vault', () => {
  beforeEach(() => setVaultSecrets([secret]));
  afterEach(() => setVaultSecrets([]));

  it('opens inline !vault values anywhere, keeping the other values and positions', () => {
    const v = encryptVault('multi\nline ✓\n', secret);
    const doc = parseYaml(`a: 1\nb: !vault |\n${indent(v, 2)}\nc:\n  - !vault |\n${indent(v, 6)}\n`, 'x.yml');
    assert.deepEqual(doc, { a: 1, b: 'multi\nline ✓\n', c: ['multi\nline ✓\n'] });
    assert.deepEqual(posOf(doc, 'c'), { file: 'x.yml', line: 3 + v.trimEnd().split('\n').length, col: 1 });
    assert.ok(vaultPlaintexts().includes('multi\nline ✓\n'));
  });

  it('opens a whole-file vault and makes its strings secrets', () => {
    const doc = parseYaml(encryptVault('user: admin\npass: "hunter22"\nport: 22\n', secret), 'g.yml');
    assert.deepEqual(doc, { user: 'admin', pass: 'hunter22', port: 22 });
    assert.ok(vaultPlaintexts().includes('hunter22'));
  });

  it('an inline value the password does not open stays sealed: reading it names the file, line and vault ids', () => {
    const v = encryptVault('x', { id: 'dev', password: Buffer.from('other') });
    const doc = parseYaml(`a: 1\n\nkey: !vault |\n${indent(v, 2)}\n`, 'vars/main.yml') as Record<
      string,
      unknown
    >;
    assert.equal(doc.a, 1);
    assert.ok(doc.key instanceof SealedVault);
    assert.throws(
      () => String(doc.key),
      (e: unknown) =>
        e instanceof SealedVaultRead &&
        e.message.startsWith(
          "Decryption failed (no vault secrets were found that could decrypt) on the !vault value at vars/main.yml:3 (vault id 'dev'): the vault password for vault id 'prod' does not match",
        ),
    );
  });

  it("without a password, an inline value stays sealed with Ansible's words for it; a vaulted file stops the load", () => {
    const v = encryptVault('x', secret);
    setVaultSecrets([]);
    const doc = parseYaml(`k: !vault |\n${indent(v, 2)}\n`, 'n.yml') as Record<string, unknown>;
    assert.throws(
      () => String(doc.k),
      /Attempting to decrypt but no vault secrets found \(the !vault value at n\.yml:1;/,
    );
    assert.throws(
      () => parseYaml(v, 'f.yml'),
      /A vault password or secret must be specified to decrypt f\.yml \(vault id 'prod'\)$/,
    );
  });

  it("a body that is no hex names Python's unhexlify error, as Ansible shows it", () => {
    const v = encryptVault('x', secret).split('\n');
    for (const [body, why] of [
      [v[1]!.slice(0, -1), 'Odd-length string'],
      [`zz${v[1]!.slice(2)}`, 'Non-hexadecimal digit found'],
    ] as const)
      assert.throws(
        () => parseYaml([v[0], body, ...v.slice(2)].join('\n'), 'h.yml'),
        new RegExp(`is not valid hex \\(Vault format unhexlify error: ${why};`),
      );
  });

  it('a truncated inline value says so', () => {
    const v = encryptVault('some longer value to have several lines of vault text', secret).split('\n');
    const cut = [...v.slice(0, 2), v[2]!.slice(0, 31)].join('\n');
    assert.throws(
      () => parseYaml(`k: !vault |\n${indent(cut, 2)}\n`, 't.yml'),
      (e: unknown) =>
        e instanceof InputError &&
        /^t\.yml:1:4: the !vault value at t\.yml:1 is not a readable vault: .*truncated/.test(e.format()),
    );
  });
});
