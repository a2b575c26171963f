import { FilterError } from '../errors.js';
import { splitKwargs } from '../members.js';
import { truthy } from '../python.js';
import { PyRange, tooLarge } from '../py-range.js';
import { hinted } from '../undefined.js';
import { Traced } from '../unsafe.js';
import { generator } from './random.js';

/**
 * The filters that read a large range (py-range.ts) as Python's do, without its numbers; any
 * other filter given one fails as Python would fail to make the list (MemoryError).
 */
const onRange: Record<string, (r: PyRange, args: unknown[]) => unknown> = {
  length: (r) => r.length(),
  count: (r) => r.length(),
  first: (r) => r.at(0) ?? hinted('first', 'No first item, sequence was empty.'),
  last: (r) => r.at(-1) ?? hinted('last', 'No last item, sequence was empty.'),
  // random.choice(range): one index drawn below its length
  random(r, args) {
    const { pos, kw } = splitKwargs(args);
    if (truthy(pos[0] ?? kw.start) || truthy(pos[1] ?? kw.step))
      throw new FilterError('start and step can only be used with integer values');
    return r.at(generator(pos[2] ?? kw.seed).below(r.length()));
  },
  string: (r) => String(r),
  type_debug: () => 'range',
  default: (r) => r,
  d: (r) => r,
  mandatory: (r) => r,
};

/** A filter's result where its input or an argument is a large range; undefined where none is. */
export function rangeFiltered(name: string, value: unknown, args: unknown[]): { value: unknown } | undefined {
  const r = value instanceof Traced ? value.value : value;
  const arg = args.find((a) => a instanceof PyRange) as PyRange | undefined;
  if (arg) throw tooLarge(arg, `the '${name}' filter`);
  if (!(r instanceof PyRange)) return undefined;
  const short = name.replace(/^ansible\.builtin\./, '');
  const fn = onRange[short];
  if (!fn) throw tooLarge(r, `the '${short}' filter`);
  return { value: fn(r, args) };
}
