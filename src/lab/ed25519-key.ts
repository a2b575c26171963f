/**
 * Ed25519 key pairs in OpenSSH's formats, from Node's own crypto: no ssh-keygen process per lab host.
 * ssh2's generator is not used: it writes the 32-byte public key as if it were a signed integer, so
 * a key whose public half starts with a zero byte (1 in 256) comes out 31 bytes long, and sshd
 * refuses it ("error in libcrypto").
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { okpPrivateKey } from '../util/okp-key.js';

export interface OpenSshKeyPair {
  /** "-----BEGIN OPENSSH PRIVATE KEY-----" file text, unencrypted */
  private: string;
  /** "ssh-ed25519 AAAA... comment" */
  public: string;
}

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function rawHalves(key: KeyObject): { seed: Buffer; pub: Buffer } {
  const jwk = key.export({ format: 'jwk' });
  return { seed: Buffer.from(jwk.d!, 'base64url'), pub: Buffer.from(jwk.x!, 'base64url') };
}

/** The key pair for a given 32-byte seed (tests pick seeds; lab up uses a random one). */
export function ed25519FromSeed(seed: Buffer, comment: string): OpenSshKeyPair {
  return encode(okpPrivateKey('Ed25519', seed), comment);
}

/**
 * A new key pair from a random seed, not from generateKeyPairSync: encode exports the key as JWK,
 * which can deadlock Node with a generated key (see okpPrivateKey); `lab up` of 1,000 hosts hung so.
 */
export function generateEd25519(comment: string): OpenSshKeyPair {
  return ed25519FromSeed(randomBytes(32), comment);
}

function encode(key: KeyObject, comment: string): OpenSshKeyPair {
  const { seed, pub } = rawHalves(key);
  if (seed.length !== 32 || pub.length !== 32) throw new Error('ed25519 key halves must be 32 bytes');
  const pubBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  const check = Math.floor(Math.random() * 0xffffffff);
  let priv = Buffer.concat([
    uint32(check),
    uint32(check),
    sshString('ssh-ed25519'),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  // padding 1, 2, 3... up to the cipher block size (8 for "none")
  const pad = (8 - (priv.length % 8)) % 8;
  priv = Buffer.concat([priv, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const blob = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(pubBlob),
    sshString(priv),
  ]);
  const b64 = blob.toString('base64').replace(/.{1,70}/g, '$&\n');
  return {
    private: `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}-----END OPENSSH PRIVATE KEY-----\n`,
    public: `ssh-ed25519 ${pubBlob.toString('base64')} ${comment}`,
  };
}
