import { FilterError } from './errors.js';
import { percentFormat } from './python.js';

const SHORTCUT = /^((0?x?[0-9a-f]+)-)?(0?x?[0-9a-f]+)(\/(0?x?[0-9a-f]+))?(:(.+))?$/i;

/** Python's int(text, 0): decimal, 0x hex, 0o octal, 0b binary; a leading zero is refused. */
function pyInt0(text: string, what: string): number {
  const t = text.trim().replace(/_/g, '');
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0+|[1-9][0-9]*)$/.exec(t);
  if (!m) throw new FilterError(`can't parse ${what}=${text} as integer`);
  const body = m[2]!;
  const n = /^0[oObB]/.test(body) ? parseInt(body.slice(2), /^0[oO]/.test(body) ? 8 : 2) : Number(body);
  return m[1] === '-' ? -n : n;
}

/** Ansible's sequence lookup: `[start-]end[/stride][:format]` or start= end=|count= stride= format=. */
export function sequenceTerm(term: string): string[] {
  let start = 1;
  let end: number | undefined;
  let count: number | undefined;
  let stride = 1;
  let format = '%d';
  const m = SHORTCUT.exec(term);
  if (m) {
    if (m[2] !== undefined) start = pyInt0(m[2], 'start');
    end = pyInt0(m[3]!, 'end');
    if (m[5] !== undefined) stride = pyInt0(m[5], 'stride');
    if (m[7] !== undefined) format = m[7];
  } else {
    const unknown: string[] = [];
    for (const word of term.trim().split(/\s+/).filter(Boolean)) {
      const eq = word.indexOf('=');
      const k = eq < 0 ? word : word.slice(0, eq);
      const v = eq < 0 ? '' : word.slice(eq + 1);
      if (k === 'start') start = pyInt0(v, k);
      else if (k === 'end') end = pyInt0(v, k);
      else if (k === 'count') count = pyInt0(v, k);
      else if (k === 'stride') stride = pyInt0(v, k);
      else if (k === 'format') format = v;
      else unknown.push(k);
    }
    if (unknown.length)
      throw new FilterError(
        `unrecognized arguments to with_sequence: [${unknown.map((k) => `'${k}'`).join(', ')}]`,
      );
  }
  if (count === undefined && end === undefined)
    throw new FilterError('must specify count or end in with_sequence');
  if (count !== undefined && end !== undefined)
    throw new FilterError("can't specify both count and end in with_sequence");
  if (count !== undefined) {
    if (count !== 0) end = start + count * stride - 1;
    else [start, end, stride] = [0, 0, 0];
  }
  const last = end!;
  if (stride > 0 && last < start) throw new FilterError('to count backwards make stride negative');
  if (stride < 0 && last > start) throw new FilterError("to count forward don't make stride negative");
  if (format.split('%').length - 1 !== 1) throw new FilterError(`bad formatting string: ${format}`);
  const out: string[] = [];
  if (stride === 0) return out;
  for (let i = start; stride > 0 ? i <= last : i >= last; i += stride) out.push(percentFormat(format, i));
  return out;
}
