import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEd25519 } from '../../src/lab/ed25519-key.js';
import { findPrivateKeys } from '../../scripts/private-keys.js';
import { repoRoot, tsxLoader } from '../helpers/cli.js';

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

describe('no private key in a tracked file', () => {
  it('this repository tracks none', () => {
    assert.deepEqual(findPrivateKeys(repoRoot), []);
  });

  describe('in a repository where keys were added', () => {
    let dir = '';
    before(() => {
      // keys made now, never stored: an OpenSSH key (as the lab makes) and a PKCS#8 RSA key
      dir = mkdtempSync(join(tmpdir(), 'fp-keys-'));
      git(dir, 'init', '-q');
      writeFileSync(join(dir, 'README'), 'nothing secret\n');
      writeFileSync(join(dir, 'k0'), generateEd25519('test').private);
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
      writeFileSync(
        join(dir, 'notes.txt'),
        'line one\nline two\n' + rsa.export({ type: 'pkcs8', format: 'pem' }),
      );
      writeFileSync(join(dir, 'untracked'), generateEd25519('test').private);
      git(dir, 'add', 'README', 'k0', 'notes.txt');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('finds each tracked key with its file and line, and leaves untracked files alone', () => {
      assert.deepEqual(findPrivateKeys(dir), [
        { file: 'k0', line: 1, kind: 'PEM private key' },
        { file: 'notes.txt', line: 3, kind: 'PEM private key' },
      ]);
    });

    it('npm run check:keys fails on it, naming the files', () => {
      const r = spawnSync(
        process.execPath,
        ['--import', tsxLoader, join(repoRoot, 'scripts/private-keys.ts'), dir],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^k0:1: PEM private key in a tracked file; remove it/m);
      assert.match(r.stderr, /^notes\.txt:3: PEM private key/m);
    });
  });
});
