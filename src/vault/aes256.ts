import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  pbkdf2Sync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { VaultFormatError } from './envelope.js';

/**
 * Ansible's AES256 vault cipher, with Node's crypto doing all of the cryptography:
 * PBKDF2-HMAC-SHA256 (10000 iterations, 32-byte salt) gives 80 bytes: the AES-256 key, the HMAC
 * key and the 16-byte CTR counter. The plaintext is PKCS#7-padded to the AES block size (CTR does
 * not need it; Ansible does it anyway), and the vaulttext is
 * hexlify(hexlify(salt) + "\n" + hexlify(hmac) + "\n" + hexlify(ciphertext)).
 */

const ITERATIONS = 10000;
const KEY_LENGTH = 32;
const IV_LENGTH = 16;
const SALT_LENGTH = 32;
const BLOCK = 16;

function deriveKeys(password: Buffer, salt: Buffer): { cipherKey: Buffer; hmacKey: Buffer; iv: Buffer } {
  const derived = pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH, 'sha256');
  return {
    cipherKey: derived.subarray(0, KEY_LENGTH),
    hmacKey: derived.subarray(KEY_LENGTH, 2 * KEY_LENGTH),
    iv: derived.subarray(2 * KEY_LENGTH),
  };
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer {
  const n = data.length ? data[data.length - 1]! : 0;
  const ok = n >= 1 && n <= BLOCK && n <= data.length && data.subarray(data.length - n).every((b) => b === n);
  if (!ok) throw new VaultFormatError('its padding is invalid (the vault is corrupted)');
  return data.subarray(0, data.length - n);
}

/** Strict hex, as Python's unhexlify: even length, hex digits only (its words, which Ansible shows). */
function unhex(text: string, what: string): Buffer {
  const why =
    text.length % 2 !== 0
      ? 'Odd-length string'
      : /^[0-9a-fA-F]*$/.test(text)
        ? undefined
        : 'Non-hexadecimal digit found';
  if (why)
    throw new VaultFormatError(
      `its ${what} is not valid hex (Vault format unhexlify error: ${why}; the vault is corrupted or truncated)`,
    );
  return Buffer.from(text, 'hex');
}

/** The hexlified vaulttext of `plaintext` (the envelope's body). */
export function encryptAes256(
  plaintext: Buffer,
  password: Buffer,
  salt: Buffer = randomBytes(SALT_LENGTH),
): string {
  const { cipherKey, hmacKey, iv } = deriveKeys(password, salt);
  const cipher = createCipheriv('aes-256-ctr', cipherKey, iv);
  const ciphertext = Buffer.concat([cipher.update(pad(plaintext)), cipher.final()]);
  const hmac = createHmac('sha256', hmacKey).update(ciphertext).digest();
  const inner = [salt.toString('hex'), hmac.toString('hex'), ciphertext.toString('hex')].join('\n');
  return Buffer.from(inner, 'latin1').toString('hex');
}

export interface ParsedVaulttext {
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

/** Split the envelope's body into salt, HMAC and ciphertext; a malformed body is a VaultFormatError. */
export function parseVaulttext(body: string): ParsedVaulttext {
  const inner = unhex(body, 'body').toString('latin1');
  const parts = inner.split('\n');
  if (parts.length < 3)
    throw new VaultFormatError('its body lacks the salt, HMAC or ciphertext (the vault is truncated)');
  const [salt, hmac, ...rest] = parts;
  return {
    salt: unhex(salt!, 'salt'),
    hmac: unhex(hmac!, 'HMAC'),
    ciphertext: unhex(rest.join('\n'), 'ciphertext'),
  };
}

/** The plaintext, or undefined when the password does not match the HMAC (wrong password). */
export function decryptAes256(parsed: ParsedVaulttext, password: Buffer): Buffer | undefined {
  const { cipherKey, hmacKey, iv } = deriveKeys(password, parsed.salt);
  const expected = createHmac('sha256', hmacKey).update(parsed.ciphertext).digest();
  if (expected.length !== parsed.hmac.length || !timingSafeEqual(expected, parsed.hmac)) return undefined;
  const decipher = createDecipheriv('aes-256-ctr', cipherKey, iv);
  return unpad(Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]));
}
