import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copy } from '../../../src/modules/files/copy.js';
import { template } from '../../../src/modules/files/template.js';
import { encryptVault } from '../../../src/vault/secrets.js';
import { setVaultSecrets, vaultPlaintexts } from '../../../src/vault/keyring.js';
import { makeContext } from '../../helpers/module-context.js';
import { rmTree, tempDir, tempLeftovers } from './tree.js';

describe('copy and template: a vaulted src is opened on the controller', () => {
  let dir: string;
  const secret = { id: 'files', password: Buffer.from('fil3-pw') };
  beforeEach(() => {
    dir = tempDir();
    setVaultSecrets([secret]);
  });
  afterEach(() => {
    setVaultSecrets([]);
    rmTree(dir);
  });

  it('copy writes the plaintext, the same again is no change, and its lines become secrets', async () => {
    const src = join(dir, 'id_rsa.vault');
    writeFileSync(src, encryptVault('BEGIN KEY\nc2VjcmV0LWtleS1ieXRlcw==\nEND KEY\n', secret));
    const dest = join(dir, 'id_rsa');
    const r1 = await copy.run(makeContext({ diff: true }), { src, dest, mode: '0600' });
    assert.equal(r1.changed, true);
    assert.equal(readFileSync(dest, 'utf8'), 'BEGIN KEY\nc2VjcmV0LWtleS1ieXRlcw==\nEND KEY\n');
    assert.ok(vaultPlaintexts().includes('c2VjcmV0LWtleS1ieXRlcw=='));
    const r2 = await copy.run(makeContext(), { src, dest, mode: '0600' });
    assert.equal(r2.changed, false);
    assert.deepEqual(tempLeftovers(dir), []);
  });

  it('copy decrypt: false copies the vault as it is', async () => {
    const src = join(dir, 'blob');
    const text = encryptVault('x\n', secret);
    writeFileSync(src, text);
    await copy.run(makeContext(), { src, dest: join(dir, 'out'), decrypt: false });
    assert.equal(readFileSync(join(dir, 'out'), 'utf8'), text);
  });

  it('copy of a directory opens the vaulted files in it', async () => {
    const src = join(dir, 'conf');
    mkdirSync(src);
    writeFileSync(join(src, 'plain.txt'), 'plain\n');
    writeFileSync(join(src, 'secret.txt'), encryptVault('in a directory\n', secret));
    const r = await copy.run(makeContext(), { src: src + '/', dest: join(dir, 'out') + '/' });
    assert.equal(r.changed, true, String(r.msg));
    assert.equal(readFileSync(join(dir, 'out', 'secret.txt'), 'utf8'), 'in a directory\n');
    assert.equal(readFileSync(join(dir, 'out', 'plain.txt'), 'utf8'), 'plain\n');
    assert.equal(
      (await copy.run(makeContext(), { src: src + '/', dest: join(dir, 'out') + '/' })).changed,
      false,
    );
  });

  it('template renders a vaulted template', async () => {
    const src = join(dir, 'app.conf.j2');
    writeFileSync(src, encryptVault('name={{ app_name }}\n', secret));
    const dest = join(dir, 'app.conf');
    await template.run(makeContext({ vars: { app_name: 'web' } }), { src, dest });
    assert.equal(readFileSync(dest, 'utf8'), 'name=web\n');
  });

  it('a wrong password names the file', async () => {
    const src = join(dir, 'other');
    writeFileSync(src, encryptVault('x\n', { id: 'other', password: Buffer.from('not-this') }));
    await assert.rejects(
      copy.run(makeContext(), { src, dest: join(dir, 'o') }),
      /Decryption failed \(no vault secrets were found that could decrypt\) on \S*\/other \(vault id 'other'\): the vault password for vault id 'files' does not match/,
    );
  });
});
