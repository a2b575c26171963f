import { isPlainObject, pyRepr } from '../python.js';
import { isTuple } from '../../util/py-tuple.js';
import { dictKeys } from '../../util/py-dict-keys.js';
import type { FilterTable } from './types.js';

/**
 * Jinja2's pprint filter: Python's pprint.pformat (width 80, dicts sorted by key): the repr when
 * it fits, else a dict, list or tuple one item a line under its opening bracket, and a long text
 * cut at its blanks into adjacent literals.
 */
const WIDTH = 80;

type Entry = [unknown, unknown];

function sortedEntries(d: Record<string, unknown>): Entry[] {
  const keys = dictKeys(d);
  const names = Object.keys(d);
  const entries = keys.map((k, i) => [k, d[names[i]!]] as Entry);
  // Python's _safe_key: same types by value, mixed types by their type names
  const rank = (k: unknown): string => (typeof k === 'string' ? 'str' : typeof k === 'number' ? 'int' : 'zz');
  return entries.sort(([a], [b]) =>
    rank(a) !== rank(b) ? (rank(a) < rank(b) ? -1 : 1) : (a as number) < (b as number) ? -1 : a === b ? 0 : 1,
  );
}

/** pprint's _safe_repr: the repr with dicts' keys sorted. */
function safeRepr(v: unknown): string {
  if (isPlainObject(v))
    return `{${sortedEntries(v)
      .map(([k, x]) => `${pyRepr(k)}: ${safeRepr(x)}`)
      .join(', ')}}`;
  if (Array.isArray(v)) {
    const items = v.map(safeRepr).join(', ');
    if (!isTuple(v)) return `[${items}]`;
    return v.length === 1 ? `(${items},)` : `(${items})`;
  }
  return pyRepr(v);
}

function format(v: unknown, indent: number, allowance: number, level: number): string {
  const rep = safeRepr(v);
  if (rep.length <= WIDTH - indent - allowance) return rep;
  if (isPlainObject(v)) {
    const entries = sortedEntries(v);
    if (!entries.length) return rep;
    const inner = indent + 1;
    return `{${entries
      .map(([k, x], i) => {
        const key = pyRepr(k);
        const last = i === entries.length - 1;
        return `${key}: ${format(x, inner + key.length + 2, last ? allowance + 1 : 1, level + 1)}`;
      })
      .join(`,\n${' '.repeat(inner)}`)}}`;
  }
  if (Array.isArray(v)) {
    const tuple = isTuple(v);
    if (!v.length) return rep;
    const [open, close] = tuple ? ['(', v.length === 1 ? ',)' : ')'] : ['[', ']'];
    const inner = indent + 1;
    const body = v
      .map((x, i) => format(x, inner, i === v.length - 1 ? allowance + close.length : 1, level + 1))
      .join(`,\n${' '.repeat(inner)}`);
    return `${open}${body}${close}`;
  }
  if (typeof v === 'string') return formatText(v, indent, allowance, level);
  return rep;
}

/** pprint's _pprint_str: each line, and a line too long cut after its blanks, as adjacent literals. */
function formatText(s: string, indent0: number, allowance0: number, level: number): string {
  if (!s.length) return pyRepr(s);
  const top = level === 0;
  const indent = top ? indent0 + 1 : indent0;
  const allowance = top ? allowance0 + 1 : allowance0;
  const lines = s.match(/[^\n\r]*(?:\r\n|\n|\r|$)/g)!.filter((l, i, all) => l !== '' || i < all.length - 1);
  const chunks: string[] = [];
  const maxWidth = WIDTH - indent;
  lines.forEach((line, i) => {
    const lastLine = i === lines.length - 1;
    const rep = pyRepr(line);
    if (rep.length <= maxWidth - (lastLine ? allowance : 0)) {
      chunks.push(rep);
      return;
    }
    const parts = line.match(/\S*\s*/g)!.filter((p) => p !== '');
    let current = '';
    parts.forEach((part, j) => {
      const candidate = current + part;
      const room = maxWidth - (j === parts.length - 1 && lastLine ? allowance : 0);
      if (pyRepr(candidate).length > room) {
        if (current) chunks.push(pyRepr(current));
        current = part;
      } else current = candidate;
    });
    if (current) chunks.push(pyRepr(current));
  });
  if (chunks.length === 1) return chunks[0]!;
  const body = chunks.join(`\n${' '.repeat(indent)}`);
  return top ? `(${body})` : body;
}

export const pprintFilters: FilterTable = {
  pprint: (value) => format(value, 0, 0, 0),
};
