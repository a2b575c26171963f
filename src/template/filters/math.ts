import { FilterError } from '../errors.js';
import { splitKwargs } from '../members.js';
import { typeName } from '../python.js';
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
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return Number(v);
  throw new FilterError(`${filter}() can only be used on numbers: must be real number, not ${typeName(v)}`);
}

/** One argument given by position or by name, with its default. */
function arg(args: unknown[], i: number, name: string, dflt: unknown): unknown {
  const { pos, kw } = splitKwargs(args);
  return name in kw ? kw[name] : i < pos.length ? pos[i] : dflt;
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
  log(value, ...args) {
    const x = number(value, 'log');
    const base = number(arg(args, 0, 'base', Math.E), 'log');
    return base === 10 ? Math.log10(x) : Math.log(x) / Math.log(base);
  },
  pow(value, ...args) {
    return number(value, 'pow') ** number(arg(args, 0, 'y', undefined), 'pow');
  },
  root(value, ...args) {
    const x = number(value, 'root');
    const base = number(arg(args, 0, 'base', 2), 'root');
    const r = base === 2 ? Math.sqrt(x) : x ** (1 / base);
    if (Number.isNaN(r)) throw new FilterError('root() can only be used on numbers: math domain error');
    return r;
  },
  human_readable(value, ...args) {
    const isbits = Boolean(arg(args, 0, 'isbits', false));
    const unit = arg(args, 1, 'unit', undefined);
    if (typeof value !== 'number' && typeof value !== 'boolean')
      throw new FilterError(
        `human_readable() failed on bad input: '>=' not supported between instances of '${typeName(value)}' and 'int'`,
      );
    return bytesToHuman(Number(value), isbits, unit);
  },
  human_to_bytes(value, ...args) {
    return humanToBytes(
      value,
      arg(args, 0, 'default_unit', undefined),
      Boolean(arg(args, 1, 'isbits', false)),
    );
  },
};
