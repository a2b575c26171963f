import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519FromSeed, generateEd25519 } from '../../src/lab/ed25519-key.js';
import { ssh2 } from '../../src/connection/ssh2-lib.js';

/** What OpenSSH itself reads from the private key file: its public line. */
function opensshPublic(privateText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-key-'));
  try {
    const f = join(dir, 'key');
    writeFileSync(f, privateText, { mode: 0o600 });
    return execFileSync('ssh-keygen', ['-y', '-f', f], { encoding: 'utf8' })
      .split(' ')
      .slice(0, 2)
      .join(' ')
      .trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function publicHalf(line: string): Buffer {
  const blob = Buffer.from(line.split(' ')[1], 'base64');
  return blob.subarray(blob.length - 32);
}

describe('lab ed25519 keys', () => {
  it('a random key loads in ssh-keygen and ssh2 with the public line it was written with', () => {
    const k = generateEd25519('root@h1');
    assert.equal(opensshPublic(k.private), k.public.split(' ').slice(0, 2).join(' '));
    assert.match(k.public, /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\S+ root@h1$/);
    const parsed = ssh2.utils.parseKey(k.private);
    assert.ok(!(parsed instanceof Error) && !Array.isArray(parsed) && parsed.isPrivateKey());
  });

  it('a key whose public half starts with a zero byte stays 32 bytes (ssh2 wrote 31 and sshd refused it)', () => {
    let seed = 0;
    let k = ed25519FromSeed(Buffer.alloc(32, 0), 'x');
    while (publicHalf(k.public)[0] !== 0) {
      const s = Buffer.alloc(32);
      s.writeUInt32BE(++seed);
      k = ed25519FromSeed(s, 'x');
    }
    assert.equal(publicHalf(k.public).length, 32);
    assert.equal(publicHalf(k.public)[0], 0);
    assert.equal(opensshPublic(k.private), k.public.split(' ').slice(0, 2).join(' '));
  });
});
