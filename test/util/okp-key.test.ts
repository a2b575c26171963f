import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, diffieHellman, randomBytes, sign, verify } from 'node:crypto';
import { okpPrivateKey } from '../../src/util/okp-key.js';

/**
 * okpPrivateKey reads 32 raw bytes as a JWK whose `x` is a placeholder: the key must be the one
 * Node makes of the same bytes in PKCS#8 DER (RFC 8410), public half included, and work as one.
 */
const PKCS8_PREFIX = {
  X25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
  Ed25519: Buffer.from('302e020100300506032b657004220420', 'hex'),
};

function fromPkcs8(crv: 'X25519' | 'Ed25519', d: Buffer) {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX[crv], d]), format: 'der', type: 'pkcs8' });
}

describe('okpPrivateKey: a private key from its raw bytes, read as JWK', () => {
  for (const crv of ['X25519', 'Ed25519'] as const) {
    it(`${crv}: the same key as PKCS#8 DER of the same bytes, public half worked out from d`, () => {
      for (let i = 0; i < 50; i++) {
        const d = randomBytes(32);
        const ours = okpPrivateKey(crv, d);
        const theirs = fromPkcs8(crv, d);
        assert.equal(ours.asymmetricKeyType, crv.toLowerCase());
        assert.deepEqual(ours.export({ format: 'jwk' }), theirs.export({ format: 'jwk' }));
        assert.deepEqual(
          createPublicKey(ours).export({ type: 'spki', format: 'der' }),
          createPublicKey(theirs).export({ type: 'spki', format: 'der' }),
        );
      }
    });
  }

  it('X25519: both sides reach the same shared secret', () => {
    const a = okpPrivateKey('X25519', randomBytes(32));
    const b = fromPkcs8('X25519', randomBytes(32));
    const ab = diffieHellman({ privateKey: a, publicKey: createPublicKey(b) });
    const ba = diffieHellman({ privateKey: b, publicKey: createPublicKey(a) });
    assert.equal(ab.length, 32);
    assert.deepEqual(ab, ba);
  });

  it('Ed25519: a signature made with it checks against the PKCS#8 key, a forged one does not', () => {
    const d = randomBytes(32);
    const data = Buffer.from('the exchange hash');
    const sig = sign(null, data, okpPrivateKey('Ed25519', d));
    const pub = createPublicKey(fromPkcs8('Ed25519', d));
    assert.equal(verify(null, data, pub, sig), true);
    sig[0] ^= 1;
    assert.equal(verify(null, data, pub, sig), false);
  });
});
