import { strict as assert } from 'node:assert';
import {
  decryptVault,
  encryptVault,
  secretForEncrypt,
  setVaultIdMatch,
  VaultError,
} from '../../src/vault/secrets.js';
import { parseEnvelope } from '../../src/vault/envelope.js';

const pw = (id: string, p: string) => ({ id, password: Buffer.from(p) });

describe('vault: decrypt and encrypt', () => {
  const text = encryptVault('top secret\n', pw('prod', 'right'));

  it('labels a 1.2 vault with its id and a default one as 1.1', () => {
    assert.equal(parseEnvelope(text).vaultId, 'prod');
    assert.match(encryptVault('x', pw('default', 'p')), /^\$ANSIBLE_VAULT;1\.1;AES256\n/);
  });

  it('tries the secret with the vault id first, then the others', () => {
    const r = decryptVault(text, [pw('a', 'wrong'), pw('b', 'right'), pw('prod', 'wrong')], { what: 'f' });
    assert.equal(r.plaintext.toString(), 'top secret\n');
    assert.equal(r.vaultId, 'b');
  });

  it('vault_id_match: only the secrets labelled with the vault id (default for 1.1) are tried', () => {
    setVaultIdMatch(true);
    try {
      assert.throws(
        () => decryptVault(text, [pw('default', 'right')], { what: 'f' }),
        /no vault password has its vault id 'prod' \(vault_id_match is on; the vault ids given: 'default'\)/,
      );
      assert.equal(
        decryptVault(text, [pw('x', 'right'), pw('prod', 'right')], { what: 'f' }).vaultId,
        'prod',
      );
      const v11 = encryptVault('x', pw('default', 'p'));
      assert.equal(decryptVault(v11, [pw('a', 'p'), pw('default', 'p')], { what: 'f' }).vaultId, 'default');
      assert.throws(() => decryptVault(v11, [pw('a', 'p')], { what: 'f' }), /its vault id 'default'/);
    } finally {
      setVaultIdMatch(false);
    }
  });

  it('a wrong password names the source and the vault ids tried', () => {
    assert.throws(
      () =>
        decryptVault(text, [pw('dev', 'wrong')], {
          what: 'vars.yml',
          pos: { file: 'vars.yml', line: 4, col: 9 },
        }),
      (e: unknown) =>
        e instanceof VaultError &&
        e.exitCode === 3 &&
        /^vars\.yml:4:9: Decryption failed \(no vault secrets were found that could decrypt\) on vars\.yml \(vault id 'prod'\): the vault password for vault id 'dev' does not match/.test(
          e.format(),
        ),
    );
  });

  it('no password says how to give one', () => {
    assert.throws(
      () => decryptVault(text, [], { what: 'x.yml' }),
      /A vault password or secret must be specified to decrypt x\.yml \(vault id 'prod'\)/,
    );
  });

  it('a truncated or corrupted vault says so', () => {
    const lines = text.split('\n');
    const truncated = lines.slice(0, 3).join('\n');
    assert.throws(
      () => decryptVault(truncated, [pw('prod', 'right')], { what: 't' }),
      /t is not a readable vault: .*(truncated|corrupted)/,
    );
    const flipped = text.replace(/[0-9a-f](?=\n$)/, (c) => (c === '0' ? 'g' : '0'));
    assert.throws(
      () => decryptVault(flipped, [pw('prod', 'right')], { what: 'c' }),
      /c is not a readable vault|Decryption failed \(no vault secrets were found that could decrypt\) on c/,
    );
    assert.throws(
      () => decryptVault('$ANSIBLE_VAULT;1.1;AES128\n00\n', [pw('a', 'b')], { what: 'k' }),
      /cipher AES128 is unknown/,
    );
  });

  it('--encrypt-vault-id must name a known secret', () => {
    assert.equal(secretForEncrypt([pw('a', '1'), pw('b', '2')], 'b').id, 'b');
    assert.throws(
      () => secretForEncrypt([pw('a', '1')], 'c'),
      /no vault password for --encrypt-vault-id=c among the vault ids 'a'/,
    );
    assert.throws(() => secretForEncrypt([]), /a vault password is needed/);
  });
});
