import * as nodeCrypto from 'node:crypto';
import { okpPrivateKey, okpPublicKey } from '../util/okp-key.js';
import { POOLED_MAX, randomInto } from '../util/random-pool.js';

/**
 * The `crypto` module ssh2's protocol files are given when they load (they take its functions
 * once). OpenSSL 3 finds a key's encoder or decoder by searching its providers, which costs more
 * than the cryptography itself; ssh2 goes through them three times a handshake, and draws
 * random bytes from OpenSSL for every packet. Here, measured on 1,000 lab logins (connect, auth,
 * one command, one SFTP session): 3.5 ms of CPU per host with Node's crypto, 2.6 ms with this.
 * - The X25519 exchange key: made from 32 random bytes read as JWK (util/okp-key.ts);
 *   ssh2 exports it as DER to send its last 32 bytes, and reads the host's 32 bytes by wrapping
 *   them in DER. Both go through JWK here, which OpenSSL takes as raw bytes.
 * - An Ed25519 host key's signature: ssh2 checks it against the key as PEM text; the key is made
 *   from the raw bytes inside that text.
 * - Packet padding and the KEXINIT cookie: from a pool of random bytes, each byte used once.
 * Every other call, and any other kind of key, goes to Node's crypto as it is.
 */

const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PUBLIC_PEM = /^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=\n]+)-----END PUBLIC KEY-----\n?$/;

/** How often each shortcut was taken (what the tests check). */
export const ssh2CryptoUses = { x25519Export: 0, x25519Import: 0, ed25519Verify: 0, pooledRandom: 0 };

/** The 32 raw bytes of an Ed25519 or X25519 key's SubjectPublicKeyInfo, if `der` is one. */
function rawKey(der: Buffer, prefix: Buffer): Buffer | undefined {
  return der.length === prefix.length + 32 && der.subarray(0, prefix.length).equals(prefix)
    ? der.subarray(prefix.length)
    : undefined;
}

/** A new X25519 private key from 32 bytes of the pool (see okpPrivateKey: never generateKeyPairSync). */
function x25519PrivateKey(): nodeCrypto.KeyObject {
  const d = Buffer.alloc(32);
  randomInto(d, 0, 32);
  try {
    return okpPrivateKey('X25519', d);
  } finally {
    d.fill(0);
  }
}

/** An X25519 pair whose public key exports as SPKI DER from its raw bytes. */
function x25519Pair(): nodeCrypto.KeyPairKeyObjectResult {
  const privateKey = x25519PrivateKey();
  const pub = nodeCrypto.createPublicKey(privateKey);
  const exportAs = pub.export.bind(pub) as (o?: object) => Buffer | string | nodeCrypto.JsonWebKey;
  Object.defineProperty(pub, 'export', {
    value: (o?: { type?: string; format?: string; cipher?: string }) => {
      if (o?.type !== 'spki' || o.format !== 'der' || o.cipher !== undefined) return exportAs(o);
      ssh2CryptoUses.x25519Export++;
      const { x } = exportAs({ format: 'jwk' }) as nodeCrypto.JsonWebKey;
      return Buffer.concat([X25519_SPKI_PREFIX, Buffer.from(x!, 'base64url')]);
    },
  });
  return { publicKey: pub, privateKey };
}

const generateKeyPairSync = ((type: string, ...rest: unknown[]) => {
  if (type === 'x25519' && rest.length === 0) return x25519Pair();
  return (nodeCrypto.generateKeyPairSync as (...a: unknown[]) => unknown)(type, ...rest);
}) as typeof nodeCrypto.generateKeyPairSync;

const createPublicKey = ((key: unknown) => {
  const k = key as { key?: unknown; format?: string; type?: string };
  if (k && Buffer.isBuffer(k.key) && k.format === 'der' && k.type === 'spki') {
    const x = rawKey(k.key, X25519_SPKI_PREFIX);
    if (x) {
      ssh2CryptoUses.x25519Import++;
      return okpPublicKey('X25519', x);
    }
  }
  return nodeCrypto.createPublicKey(key as nodeCrypto.PublicKeyInput);
}) as typeof nodeCrypto.createPublicKey;

const verify = ((algo: unknown, data: unknown, key: unknown, signature: unknown, ...cb: unknown[]) => {
  if (algo == null && typeof key === 'string' && cb.length === 0) {
    const b64 = PUBLIC_PEM.exec(key)?.[1];
    const x = b64 === undefined ? undefined : rawKey(Buffer.from(b64, 'base64'), ED25519_SPKI_PREFIX);
    if (x) {
      ssh2CryptoUses.ed25519Verify++;
      return nodeCrypto.verify(null, data as Buffer, okpPublicKey('Ed25519', x), signature as Buffer);
    }
  }
  return (nodeCrypto.verify as (...a: unknown[]) => unknown)(algo, data, key, signature, ...cb);
}) as typeof nodeCrypto.verify;

/** Bytes from the process's pool of CSPRNG bytes (random-pool.ts), each byte handed out once. */
const randomFillSync = (<T extends NodeJS.ArrayBufferView>(buf: T, offset = 0, size?: number): T => {
  const n = size ?? buf.byteLength - offset;
  if (!Buffer.isBuffer(buf) || n > POOLED_MAX) return nodeCrypto.randomFillSync(buf, offset, size);
  randomInto(buf, offset, n);
  ssh2CryptoUses.pooledRandom++;
  return buf;
}) as typeof nodeCrypto.randomFillSync;

/**
 * Node's crypto with the shortcuts above in place of its own functions. The rest is inherited,
 * not copied: a copy would read every export, webcrypto's getter among them.
 */
export const ssh2Crypto = Object.create(nodeCrypto, {
  // defined, not assigned: a bundle's or a loader's copy of the module has getters only
  generateKeyPairSync: { value: generateKeyPairSync, enumerable: true },
  createPublicKey: { value: createPublicKey, enumerable: true },
  verify: { value: verify, enumerable: true },
  randomFillSync: { value: randomFillSync, enumerable: true },
}) as typeof nodeCrypto;
