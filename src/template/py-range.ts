import { FilterError } from './errors.js';

/**
 * Python's range, which Jinja2 gives templates: lazy, so `range(2**31, 2**32) | random` picks one
 * number without making the list. fabplay's filters work on lists, so a range of up to LIST_LIMIT
 * numbers is a list; a larger one is a PyRange, which answers what Python's range answers without
 * its items (length, `in`, an index, first, last, random) and fails anything that needs the items
 * as Python fails to make a list that large (MemoryError), naming the range.
 */

/** Numbers a range may have to be made a list (256 MiB of numbers). */
export const LIST_LIMIT = 2 ** 25;
/** Python's len() of a range holds a C ssize_t. */
const SSIZE_MAX = 2 ** 63 - 1;

export class PyRange {
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {}

  /** How many numbers it holds (Python's len). */
  get count(): number {
    const { start, stop, step } = this;
    const n = step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step);
    return Math.max(0, n);
  }

  /** len(): Python's OverflowError where the count exceeds a ssize_t. */
  length(): number {
    const n = this.count;
    if (n > SSIZE_MAX) throw new FilterError('OverflowError: Python int too large to convert to C ssize_t');
    return n;
  }

  /** range[i] (negative from the end); undefined where Python raises IndexError. */
  at(i: number): number | undefined {
    const n = this.length();
    const k = i < 0 ? n + i : i;
    return Number.isInteger(k) && k >= 0 && k < n ? this.start + k * this.step : undefined;
  }

  has(x: unknown): boolean {
    if (typeof x !== 'number' || !Number.isInteger(x)) return false;
    const k = (x - this.start) / this.step;
    return Number.isInteger(k) && k >= 0 && k < this.count;
  }

  toString(): string {
    return this.step === 1
      ? `range(${this.start}, ${this.stop})`
      : `range(${this.start}, ${this.stop}, ${this.step})`;
  }
}

/** The failure of a use that needs a large range's numbers one by one. */
export function tooLarge(r: PyRange, use: string): FilterError {
  return new FilterError(
    `MemoryError: ${use} needs the ${r.count} numbers of ${r} as a list, more than fabplay makes (${LIST_LIMIT}); ` +
      'use what reads a range without its numbers (random, length, first, last, in, an index)',
  );
}

/** Jinja2's range(stop) / range(start, stop[, step]): a list, or a PyRange when large. */
export function pyRange(start: unknown, stop?: unknown, step: unknown = 1): number[] | PyRange {
  const [a, b] = stop === undefined ? [0, Number(start)] : [Number(start), Number(stop)];
  const s = Number(step);
  if (![a, b, s].every(Number.isInteger))
    throw new FilterError("TypeError: 'float' object cannot be interpreted as an integer");
  if (s === 0) throw new FilterError('ValueError: range() arg 3 must not be zero');
  const r = new PyRange(a, b, s);
  if (r.count > LIST_LIMIT) return r;
  const out: number[] = [];
  for (let i = 0; i < r.count; i++) out.push(a + i * s);
  return out;
}
