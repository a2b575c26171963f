import { createHash } from 'node:crypto';

/**
 * The crypt(3) schemes Ansible's password_hash gives through Python's crypt module: SHA-crypt
 * ($5$ SHA-256, $6$ SHA-512, Ulrich Drepper's specification) and MD5-crypt ($1$, as glibc has it).
 */

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** crypt's base64: 24 bits from three bytes, written least significant 6 bits first. */
function b64From24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < n; i++) {
    out += ITOA64[w & 0x3f];
    w >>= 6;
  }
  return out;
}

function digest(algo: string, ...parts: Buffer[]): Buffer {
  const h = createHash(algo);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** `len` bytes of `block` repeated. */
function repeatTo(block: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i += block.length) block.copy(out, i, 0, Math.min(block.length, len - i));
  return out;
}

/** The order SHA-crypt writes the digest's bytes in, three at a time, then the leftover. */
function shaOrder(size: 32 | 64): { triples: number[][]; tail: [number, number, number, number] } {
  const third = size === 64 ? 21 : 10;
  const triples: number[][] = [];
  for (let k = 0; k < third; k++) {
    const [a, b, c] = [k, k + third, k + 2 * third];
    // each triple starts one place further along (SHA-512) or one place back (SHA-256)
    const r = size === 64 ? k % 3 : (3 - (k % 3)) % 3;
    triples.push(
      [
        [a, b, c],
        [b, c, a],
        [c, a, b],
      ][r]!,
    );
  }
  return { triples, tail: size === 64 ? [-1, -1, 63, 2] : [-1, 31, 30, 3] };
}

/** SHA-crypt: `$5$` (sha256) or `$6$` (sha512); `rounds` written only when given, as crypt does. */
export function shaCrypt(password: string, salt: string, bits: 256 | 512, rounds?: number): string {
  const algo = bits === 256 ? 'sha256' : 'sha512';
  const size = bits === 256 ? 32 : 64;
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.slice(0, 16), 'utf8');
  const n = rounds === undefined ? 5000 : Math.min(999_999_999, Math.max(1000, rounds));
  const b = digest(algo, p, s, p);
  const a = createHash(algo).update(p).update(s);
  a.update(repeatTo(b, p.length));
  for (let len = p.length; len > 0; len >>= 1) a.update(len & 1 ? b : p);
  let c = a.digest();
  const pBytes = repeatTo(digest(algo, ...Array<Buffer>(p.length).fill(p)), p.length);
  const sBytes = repeatTo(digest(algo, ...Array<Buffer>(16 + c[0]!).fill(s)), s.length);
  for (let i = 0; i < n; i++) {
    const h = createHash(algo);
    h.update(i & 1 ? pBytes : c);
    if (i % 3) h.update(sBytes);
    if (i % 7) h.update(pBytes);
    h.update(i & 1 ? c : pBytes);
    c = h.digest();
  }
  const { triples, tail } = shaOrder(size);
  let out = triples.map(([x, y, z]) => b64From24(c[x!]!, c[y!]!, c[z!]!, 4)).join('');
  const at = (i: number): number => (i < 0 ? 0 : c[i]!);
  out += b64From24(at(tail[0]), at(tail[1]), at(tail[2]), tail[3]);
  const head = `$${bits === 256 ? 5 : 6}$${rounds === undefined ? '' : `rounds=${n}$`}`;
  return `${head}${s.toString('utf8')}$${out}`;
}

/** MD5-crypt (`$1$`): 1000 rounds of MD5 over the password and a salt of up to 8 characters. */
export function md5Crypt(password: string, salt: string): string {
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.slice(0, 8), 'utf8');
  const magic = Buffer.from('$1$');
  const alt = digest('md5', p, s, p);
  const ctx = createHash('md5').update(p).update(magic).update(s);
  ctx.update(repeatTo(alt, p.length));
  for (let len = p.length; len > 0; len >>= 1) ctx.update(len & 1 ? Buffer.from([0]) : p.subarray(0, 1));
  let f = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const h = createHash('md5');
    h.update(i & 1 ? p : f);
    if (i % 3) h.update(s);
    if (i % 7) h.update(p);
    h.update(i & 1 ? f : p);
    f = h.digest();
  }
  const order = [
    [0, 6, 12],
    [1, 7, 13],
    [2, 8, 14],
    [3, 9, 15],
    [4, 10, 5],
  ];
  const out =
    order.map(([x, y, z]) => b64From24(f[x!]!, f[y!]!, f[z!]!, 4)).join('') + b64From24(0, 0, f[11]!, 2);
  return `$1$${s.toString('utf8')}$${out}`;
}
