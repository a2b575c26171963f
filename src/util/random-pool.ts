import { randomBytes } from 'node:crypto';

/**
 * Bytes of Node's CSPRNG drawn 4 KB at a time. With OpenSSL 3 each randomBytes call costs 5 to
 * 20 us of CPU, and a run asks for a few bytes at every packet ssh2 pads, every temporary file
 * name and every command marker of every host-task. Each byte is handed out once, then wiped.
 */
const POOL_SIZE = 4096;
/** Requests larger than this go to Node's CSPRNG directly. */
export const POOLED_MAX = 256;
let pool = Buffer.alloc(0);
let taken = 0;

/** Where the next `n` bytes start in the pool (refilled when they are not there). */
function draw(n: number): number {
  if (taken + n > pool.length) {
    pool = randomBytes(POOL_SIZE);
    taken = 0;
  }
  taken += n;
  return taken - n;
}

/** `n` random bytes (n <= POOLED_MAX) copied into `buf` at `offset`. */
export function randomInto(buf: Buffer, offset: number, n: number): void {
  const at = draw(n);
  pool.copy(buf, offset, at, at + n);
  pool.fill(0, at, at + n);
}

/** `n` random bytes (n <= POOLED_MAX) as hexadecimal text: temporary names, markers. */
export function randomHex(n: number): string {
  if (n > POOLED_MAX) return randomBytes(n).toString('hex');
  const at = draw(n);
  const text = pool.toString('hex', at, at + n);
  pool.fill(0, at, at + n);
  return text;
}
