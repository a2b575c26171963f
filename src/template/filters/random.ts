import { createHash, randomInt } from 'node:crypto';
import { FilterError } from '../errors.js';
import { pyList, truthy, typeName } from '../python.js';
import { splitKwargs } from '../members.js';
import type { FilterTable } from './types.js';

/**
 * random and shuffle as Ansible's filters give them. With `seed=` the outcome is Python's
 * random.Random(seed) (a Mersenne Twister seeded the way Python seeds it), so
 * `60 | random(seed=inventory_hostname)` picks the same minute as under ansible-playbook.
 */

class PyRandom {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: unknown) {
    this.initByArray(seedWords(seed));
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = 624;
  }

  private initByArray(key: number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= 624) {
        mt[0] = mt[623]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= 624) {
        mt[0] = mt[623]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private next32(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % 624]! & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Python's getrandbits(k): 32-bit words, the first one the least significant. */
  private bits(k: number): bigint {
    if (k <= 32) return BigInt(k === 0 ? 0 : this.next32() >>> (32 - k));
    let out = 0n;
    for (let shift = 0n, left = k; left > 0; shift += 32n, left -= 32) {
      const r = left < 32 ? this.next32() >>> (32 - left) : this.next32();
      out |= BigInt(r) << shift;
    }
    return out;
  }

  /** Python's _randbelow_with_getrandbits: a uniform integer in [0, n). */
  below(n: number): number {
    const k = n.toString(2).length;
    let r = this.bits(k);
    while (r >= BigInt(n)) r = this.bits(k);
    return Number(r);
  }
}

/** Python's random.seed(a) (version 2): an int as itself, a string with its SHA-512 appended. */
function seedWords(seed: unknown): number[] {
  let n: bigint;
  if (typeof seed === 'boolean' || (typeof seed === 'number' && Number.isInteger(seed)))
    n = BigInt(Math.abs(Number(seed)));
  else if (typeof seed === 'string') {
    const bytes = Buffer.from(seed, 'utf8');
    const all = Buffer.concat([bytes, createHash('sha512').update(bytes).digest()]);
    n = BigInt('0x' + all.toString('hex'));
  } else throw new FilterError(`random: a seed must be an integer or a string, got ${typeName(seed)}`);
  const words: number[] = [];
  for (; n > 0n; n >>= 32n) words.push(Number(n & 0xffffffffn));
  return words.length ? words : [0];
}

/** Python's SystemRandom where no seed is given: Node's CSPRNG. */
const system = { below: (n: number): number => randomInt(n) };

/** Python's random.Random(seed), or SystemRandom without a seed. */
export function generator(seed: unknown): { below(n: number): number } {
  return seed === undefined || seed === null ? system : new PyRandom(seed);
}

/** Python's randrange(start, stop, step). */
function randrange(r: { below(n: number): number }, start: number, stop: number, step: number): number {
  const width = stop - start;
  if (step === 0) throw new FilterError('zero step for randrange()');
  const n =
    step === 1
      ? width
      : step > 0
        ? Math.floor((width + step - 1) / step)
        : Math.floor((width + step + 1) / step);
  if (n <= 0) throw new FilterError(`empty range for randrange(${start}, ${stop}, ${step})`);
  return start + step * r.below(n);
}

export const randomFilters: FilterTable = {
  random(end, ...args) {
    const { pos, kw } = splitKwargs(args);
    const start = pos[0] ?? kw.start;
    const step = pos[1] ?? kw.step;
    const r = generator(pos[2] ?? kw.seed);
    if (typeof end === 'number' && Number.isInteger(end))
      return randrange(r, truthy(start) ? Number(start) : 0, end, truthy(step) ? Number(step) : 1);
    const items = pyList(end);
    if (!items) throw new FilterError('random can only be used on sequences and integers');
    if (truthy(start) || truthy(step))
      throw new FilterError('start and step can only be used with integer values');
    if (!items.length) throw new FilterError('Cannot choose from an empty sequence');
    return items[r.below(items.length)];
  },
  // Ansible's randomize_list: what cannot become a list comes back as it is
  shuffle(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const items = pyList(value);
    if (!items) return value;
    const seed = pos[0] ?? kw.seed;
    const r = truthy(seed) ? new PyRandom(seed) : system;
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = r.below(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  },
};
