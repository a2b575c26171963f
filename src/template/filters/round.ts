import { FilterError } from '../errors.js';
import { isNum, typeName } from '../python.js';
import { isFloat, pyFloat } from '../../util/py-float.js';

/**
 * Jinja2's round: 'common' is Python's round(value, precision), which keeps an int an int, gives a
 * float for a float and rounds a tie to even on the float's exact decimal value (2.5 -> 2.0,
 * 2.675 -> 2.67); 'ceil' and 'floor' divide by 10**precision, so they always give a float.
 */
export function pyRound(value: unknown, precision: unknown = 0, method: unknown = 'common'): unknown {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor')
    throw new FilterError('method must be common, ceil or floor');
  if (!isNum(value)) throw new FilterError(`type ${typeName(value)} doesn't define __round__ method`);
  const n = Math.trunc(Number(precision));
  const x = Number(value);
  if (method !== 'common') {
    const scale = 10 ** n;
    return pyFloat(Math[method](x * scale) / scale);
  }
  if (!isFloat(value)) return n >= 0 ? x : halfEven(x / 10 ** -n) * 10 ** -n;
  if (!Number.isFinite(x)) return x;
  return pyFloat(n >= 0 ? roundDecimal(x, n) : halfEven(x / 10 ** -n) * 10 ** -n);
}

/** x rounded to n decimals on its exact decimal expansion, a tie to the even digit. */
export function roundDecimal(x: number, n: number): number {
  // large floats have no fraction; toFixed would print them in exponent form
  if (Math.abs(x) >= 1e21 || n > 100) return x;
  const exact = x.toFixed(100);
  const dot = exact.indexOf('.');
  if (!/^50*$/.test(exact.slice(dot + 1 + n))) return Number(x.toFixed(n));
  const kept = exact.slice(0, n > 0 ? dot + 1 + n : dot);
  const last = Number(kept[kept.length - 1]);
  if (last % 2 === 0) return Number(kept);
  return Number((Number(kept) + Math.sign(x) * 10 ** -n).toFixed(n));
}

function halfEven(q: number): number {
  const f = Math.floor(q);
  const d = q - f;
  if (d !== 0.5) return Math.round(q);
  return f % 2 === 0 ? f : f + 1;
}
