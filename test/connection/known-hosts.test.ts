import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { hostMatches, preferredHostKeyAlgorithms, verifyHostKey } from '../../src/connection/known-hosts.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

const tmp = tempDirUntilExit('fabplay-conn-unit');

describe('known_hosts', () => {
  const key = () => {
    const f = `${tmp}/k${randomBytes(4).toString('hex')}`;
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f]);
    const [type, b64] = readFileSync(`${f}.pub`, 'utf8').split(' ');
    return { type: type!, b64: b64!, blob: Buffer.from(b64!, 'base64') };
  };
  const k1 = key();
  const k2 = key();

  it('matches plain, wildcard, negated, bracketed-port and hashed host names', () => {
    assert.ok(hostMatches('web1,10.0.0.1', '10.0.0.1'));
    assert.ok(hostMatches('10.0.0.*,!10.0.0.9', '10.0.0.3'));
    assert.ok(!hostMatches('10.0.0.*,!10.0.0.9', '10.0.0.9'));
    assert.ok(hostMatches('[10.0.0.1]:2222', '[10.0.0.1]:2222'));
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('10.1.1.1').digest('base64')}`;
    assert.ok(hostMatches(hashed, '10.1.1.1'));
    assert.ok(!hostMatches(hashed, '10.1.1.2'));
  });

  it('accepts a known key, refuses a changed one under every policy, handles unknown hosts per policy', () => {
    const kh = `${tmp}/known_hosts`;
    writeFileSync(kh, `# comment\n10.0.0.1 ${k1.type} ${k1.b64}\n`);
    assert.deepEqual(verifyHostKey(kh, '10.0.0.1', 22, k1.blob, 'strict', 'h1'), { ok: true });
    for (const p of ['strict', 'accept-new', 'off'] as const) {
      const v = verifyHostKey(kh, '10.0.0.1', 22, k2.blob, p, 'h1');
      assert.equal(v.ok, false);
      assert.match((v as { message: string }).message, /HAS CHANGED[\s\S]*known_hosts:2/);
    }
    const unknown = verifyHostKey(kh, '10.0.0.2', 2222, k2.blob, 'strict', 'h2');
    assert.equal(unknown.ok, false);
    assert.match((unknown as { message: string }).message, /ssh-keyscan -p 2222 10\.0\.0\.2 >> /);
    assert.deepEqual(verifyHostKey(kh, '10.0.0.2', 2222, k2.blob, 'off', 'h2'), { ok: true });
    assert.ok(!readFileSync(kh, 'utf8').includes('[10.0.0.2]:2222'));
    assert.deepEqual(verifyHostKey(kh, '10.0.0.2', 2222, k2.blob, 'accept-new', 'h2'), {
      ok: true,
      added: true,
    });
    assert.deepEqual(verifyHostKey(kh, '10.0.0.2', 2222, k2.blob, 'strict', 'h2'), { ok: true });
  });

  it('asks the server for the key types known_hosts holds for it', () => {
    const kh = `${tmp}/known_hosts_types`;
    writeFileSync(
      kh,
      `10.0.0.1 ssh-rsa AAAA\n10.0.0.1 ${k1.type} ${k1.b64}\nother ecdsa-sha2-nistp256 AAAA\n`,
    );
    assert.deepEqual(preferredHostKeyAlgorithms(kh, '10.0.0.1', 22), [
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
      'ssh-ed25519',
    ]);
    assert.deepEqual(preferredHostKeyAlgorithms(kh, '10.9.9.9', 22), []);
  });
});
