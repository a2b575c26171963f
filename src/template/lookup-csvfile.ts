import { readFileSync } from 'node:fs';
import { FilterError } from './errors.js';
import { pyStr } from './python.js';
import { KvError, parseKv } from '../playbook/kv.js';
import { pyDecode } from '../util/py-decode.js';

/**
 * The `csvfile` lookup as ansible-core 2.14 runs it: each term is the text the first column must
 * equal, with `key=value` options after it (parse_kv, quotes in the key kept literally); the value
 * of column `col` in the first matching row, or `default`. The file is read as Python's csv module
 * reads it (excel dialect: `"` quotes, `""` inside quotes, quoted newlines kept).
 */

const OPTIONS = ['col', 'default', 'delimiter', 'file', 'encoding'] as const;
type Options = Record<(typeof OPTIONS)[number], unknown>;

const DEFAULTS: Options = {
  col: '1',
  default: undefined,
  delimiter: 'TAB',
  file: 'ansible.csv',
  encoding: 'utf-8',
};

/** Python's csv.reader rows (excel dialect) over the whole text. */
export function csvRows(text: string, delimiter: string): string[][] {
  if ([...delimiter].length !== 1) throw new FilterError('csvfile: "delimiter" must be a 1-character string');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let started = false; // the row has a field begun
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  const endRow = (): void => {
    if (started || row.length) endField();
    rows.push(row);
    row = [];
    started = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
      continue;
    }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      continue;
    }
    if (c === delimiter) {
      endField();
      started = true;
      continue;
    }
    // a quote opens a quoted part only at the start of a field; elsewhere it is text
    if (c === '"' && field === '') quoted = true;
    else field += c;
    started = true;
  }
  if (started || row.length) endRow();
  return rows;
}

/** The options a term sets inline (`key file=x delimiter=,`), and its search key. */
function inlineTerm(term: string, opts: Options): string {
  let parsed;
  try {
    parsed = parseKv(term);
  } catch (e) {
    if (e instanceof KvError) throw new FilterError(`csvfile: error parsing argument string: ${e.message}`);
    throw e;
  }
  if (!parsed.rest.length) throw new FilterError('Search key is required but was not found');
  for (const [k, v] of Object.entries(parsed.args)) {
    if (!(OPTIONS as readonly string[]).includes(k)) throw new FilterError(`${k} is not a valid option`);
    // an inline option stays set for the terms after it, as in Ansible
    opts[k as keyof Options] = v;
  }
  return parsed.rest.join(' ');
}

function column(col: unknown): number {
  const text = pyStr(col).trim();
  const n = typeof col === 'number' ? col : /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n))
    throw new FilterError(`csvfile: invalid literal for int() with base 10: '${pyStr(col)}'`);
  return n;
}

/** `find` locates a file name in the lookup's search paths (under files/ first). */
export function csvfileLookup(
  terms: unknown[],
  kw: Record<string, unknown>,
  find: (name: string) => string | undefined,
): unknown[] {
  const opts: Options = { ...DEFAULTS };
  for (const k of OPTIONS) if (kw[k] !== undefined) opts[k] = kw[k];
  const out: unknown[] = [];
  for (const t of terms) {
    const key = inlineTerm(pyStr(t), opts);
    if (opts.delimiter === 'TAB') opts.delimiter = '\t';
    const name = pyStr(opts.file);
    const file = find(name);
    if (!file) throw new FilterError(`csvfile: could not find ${name}: No such file or directory`);
    let text: string;
    try {
      text = pyDecode(readFileSync(file), pyStr(opts.encoding));
    } catch (e) {
      throw new FilterError(`csvfile: ${(e as Error).message}`);
    }
    const row = csvRows(text, pyStr(opts.delimiter)).find((r) => r.length && r[0] === key);
    let value: unknown = opts.default;
    if (row) {
      const col = column(opts.col);
      // Python's row[col]: counted from the end when negative
      const at = col < 0 ? row.length + col : col;
      if (at < 0 || at >= row.length) throw new FilterError('csvfile: list index out of range');
      value = row[at];
    }
    if (value !== undefined && value !== null) out.push(value);
  }
  return out;
}
