import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export type OkpCurve = 'X25519' | 'Ed25519';

/** A JWK `x` for a private key: Node reads only `d` and works out the public half from it. */
const UNUSED_X = Buffer.alloc(32).toString('base64url');

/**
 * An X25519 or Ed25519 private key from its 32 raw bytes, read as JWK: OpenSSL takes them as
 * they are (a tenth of the CPU of decoding PKCS#8 DER, as fast as generating a key).
 *
 * Keys that fabplay exports as JWK are made here, never by generateKeyPairSync: Node 20
 * deadlocks when a key its generator made is exported as JWK while a garbage collection frees
 * that generator's job. The export holds the key's lock and the job's destructor waits for it,
 * in futex_wait, forever (test/connection/keygen-deadlock.test.ts). A key read from JWK has no job.
 */
export function okpPrivateKey(crv: OkpCurve, d: Buffer): KeyObject {
  return createPrivateKey({
    key: { kty: 'OKP', crv, d: d.toString('base64url'), x: UNUSED_X },
    format: 'jwk',
  });
}

/** An X25519 or Ed25519 public key from its 32 raw bytes, read as JWK (not as SPKI DER, for speed). */
export function okpPublicKey(crv: OkpCurve, x: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv, x: x.toString('base64url') }, format: 'jwk' });
}
