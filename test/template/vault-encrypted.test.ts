import { strict as assert } from 'node:assert';
import { parseYaml } from '../../src/yaml/load.js';
import { encryptVault } from '../../src/vault/secrets.js';
import { setVaultSecrets } from '../../src/vault/keyring.js';
import { Templar } from '../../src/template/index.js';

const secret = { id: 'default', password: Buffer.from('test-pw') };
const indent = (text: string, n: number): string => text.replace(/^(?=.)/gm, ' '.repeat(n)).trimEnd();

describe('the vault_encrypted test', () => {
  beforeEach(() => setVaultSecrets([secret]));
  afterEach(() => setVaultSecrets([]));

  it('is true for a variable set from an inline !vault value, false for other text and built values', () => {
    const v = encryptVault('inline-vault-unit-secret', secret);
    const whole = parseYaml(encryptVault('w: whole-file-value\n', secret), 'w.yml') as Record<
      string,
      unknown
    >;
    const vars = parseYaml(
      `s: !vault |\n${indent(v, 2)}\nn:\n  pw: !vault |\n${indent(v, 4)}\np: plain\n`,
      'v.yml',
    );
    const t = new Templar({ ...(vars as Record<string, unknown>), ...whole });
    assert.equal(t.template('{{ s is vault_encrypted }}'), true);
    assert.equal(t.template('{{ n.pw is ansible.builtin.vault_encrypted }}'), true);
    assert.equal(t.template('{{ p is vault_encrypted }}'), false);
    // a whole vaulted file gives plain strings in Ansible too
    assert.equal(t.template('{{ w is vault_encrypted }}'), false);
    // what an expression builds from it is text
    assert.equal(t.template("{{ (s ~ '') is vault_encrypted }}"), false);
    assert.equal(t.template('{{ s == "inline-vault-unit-secret" }}'), true);
  });
});
