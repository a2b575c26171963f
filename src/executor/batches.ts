import { InputError } from '../errors.js';
/**
 * `serial`: a number, a percentage, or a list of them (the last repeats), splitting the play's
 * hosts into batches that run the whole play one after the other.
 */
export function batchesOf(hosts: string[], serial: unknown): string[][] {
  if (serial === undefined || serial === null || serial === '' || hosts.length === 0) return [hosts];
  if (Array.isArray(serial) && serial.length === 0) return [hosts];
  const specs = Array.isArray(serial) ? serial : [serial];
  const sizes = specs.map((s) => sizeOf(s, hosts.length));
  const out: string[][] = [];
  let i = 0;
  let k = 0;
  while (i < hosts.length) {
    const n = sizes[Math.min(k, sizes.length - 1)]!;
    out.push(hosts.slice(i, i + n));
    i += n;
    k++;
  }
  return out;
}

function sizeOf(spec: unknown, total: number): number {
  const s = String(spec).trim();
  let n: number;
  if (s.endsWith('%')) n = Math.floor((Number(s.slice(0, -1)) / 100) * total);
  else n = Number(s);
  if (!Number.isFinite(n))
    throw new InputError(
      `'serial' must be a positive number, a percentage like '30%', or a list of them, not '${s}'`,
    );
  // 0 or a tiny percentage still runs one host at a time
  return n <= 0 ? (s.endsWith('%') ? 1 : total) : Math.min(n, total);
}

/** max_fail_percentage as rendered: a number (a trailing % allowed), else invalid input. */
export function maxFailOf(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const pct = Number(String(v).trim().replace(/%$/, ''));
  if (String(v).trim() === '' || !Number.isFinite(pct))
    throw new InputError(`'max_fail_percentage' must be a number from 0 to 100, not '${String(v)}'`);
  return pct;
}

/** max_fail_percentage (as maxFailOf read it): the batch fails when more than this share of its hosts failed. */
export function exceedsMaxFail(failed: number, batchSize: number, maxFail: number | undefined): boolean {
  if (maxFail === undefined || batchSize === 0) return false;
  return (failed / batchSize) * 100 > maxFail;
}
