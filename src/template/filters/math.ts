import { FilterError, FilterTypeError } from '../errors.js';
import { isNum, typeName } from '../python.js';
import { pyFloat } from '../../util/py-float.js';
import type { FilterTable } from './types.js';

/** Ansible's math filters (log, pow, root) and its byte sizes (human_readable, human_to_bytes). */

const SIZES: [string, number][] = [
  ['Y', 2 ** 80],
  ['Z', 2 ** 70],
  ['E', 2 ** 60],
  ['P', 2 ** 50],
  ['T', 2 ** 40],
  ['G', 2 ** 30],
  ['M', 2 ** 20],
  ['K', 2 ** 10],
  ['B', 1],
];

function number(v: unknown, filter: string): number {
  if (isNum(v)) return Number(v);
  // Ansible's AnsibleFilterTypeError: its msg is an "Unexpected templating type error"
  throw new FilterTypeError(
    `${filter}() can only be used on numbers: must be real number, not ${typeName(v)}`,
  );
}

function bytesToHuman(size: number, isbits: boolean, unit: unknown): string {
  const base = isbits ? 'bits' : 'Bytes';
  let chosen = SIZES[SIZES.length - 1]!;
  for (const s of SIZES) {
    chosen = s;
    if (unit === undefined || unit === null ? size >= s[1] : String(unit).toUpperCase() === s[0]) break;
  }
  const [suffix, limit] = chosen;
  return `${(size / limit).toFixed(2)} ${limit !== 1 ? suffix + base[0] : base}`;
}

function humanToBytes(text: unknown, defaultUnit: unknown, isbits: boolean): number {
  const input = String(text);
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(input)!;
  if (m[1] === '' || m[1] === '.')
    throw new FilterError(`human_to_bytes() can't interpret following string: ${input}`);
  const num = Number(m[1]);
  const unit = m[2] ?? (defaultUnit === undefined || defaultUnit === null ? undefined : String(defaultUnit));
  if (unit === undefined) return Math.round(num);
  const key = unit[0]!.toUpperCase();
  const limit = SIZES.find(([s]) => s === key)?.[1];
  if (limit === undefined)
    throw new FilterError(`human_to_bytes() can't interpret following string: ${input}`);
  const [cls, clsName] = isbits ? ['b', 'bit'] : ['B', 'byte'];
  if (unit.length > 1 && !unit.toLowerCase().includes(clsName) && unit[1] !== cls)
    throw new FilterError(`human_to_bytes() can't interpret following string: ${input}`);
  return Math.round(num * limit);
}

export const mathFilters: FilterTable = {
  // parameter names: env.ts SIGNATURES turns keyword arguments into these positions
  log(value, base: unknown = Math.E) {
    const x = number(value, 'log');
    const b = number(base, 'log');
    return pyFloat(b === 10 ? Math.log10(x) : Math.log(x) / Math.log(b));
  },
  // math.pow: a float, whole or not
  pow(value, y: unknown) {
    return pyFloat(number(value, 'pow') ** number(y, 'pow'));
  },
  root(value, base: unknown = 2) {
    const x = number(value, 'root');
    const b = number(base, 'root');
    const r = b === 2 ? Math.sqrt(x) : x ** (1 / b);
    if (Number.isNaN(r)) throw new FilterTypeError('root() can only be used on numbers: math domain error');
    return pyFloat(r);
  },
  human_readable(value, isbits: unknown = false, unit?: unknown) {
    if (!isNum(value))
      throw new FilterTypeError(
        `human_readable() failed on bad input: '>=' not supported between instances of '${typeName(value)}' and 'int'`,
      );
    return bytesToHuman(Number(value), Boolean(isbits), unit);
  },
  human_to_bytes(value, defaultUnit?: unknown, isbits: unknown = false) {
    return humanToBytes(value, defaultUnit, Boolean(isbits));
  },
};
