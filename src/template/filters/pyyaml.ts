import { isPlainObject } from '../python.js';
import { floatRepr, isBoxedFloat, isFloat } from '../../util/py-float.js';
import { doubleQuoted, needsDoubleQuotes, plain, singleQuoted } from './yaml-quoted.js';
import { keyOf, sortedNames } from '../../util/py-dict-keys.js';

/**
 * YAML text the way Ansible's to_yaml / to_nice_yaml print it (PyYAML's dump: keys sorted,
 * sequences not indented under their key; libyaml's quoting and its folding of lines past 80
 * columns, yaml-quoted.ts). `flowLeaves` is PyYAML's default_flow_style=None: collections of
 * scalars print inline. Left: a key with a line break, which libyaml writes as `? key` / `: value`.
 */
export function pyYamlDump(value: unknown, indent: number, flowLeaves: boolean, texts?: BlockTexts): string {
  // libyaml (Ansible's CSafeDumper) ends a lone scalar without PyYAML's `...` line
  if (!isCollection(value)) return `${scalar(value, { indent, col: 0, texts, step: indent })}\n`;
  if (isEmpty(value) || (flowLeaves && isLeaf(value))) return flow(value, 0, indent, 0) + '\n';
  return block(value, 0, indent, flowLeaves, texts).join('\n') + '\n';
}

/**
 * Ansible's callback dumper (callback_result_format = yaml): a text with a line break asks for
 * the literal block style, which the emitter keeps where it can (else double quotes); 'lossy'
 * first strips the text of what would prevent it (trailing blanks, tabs, special characters).
 */
export type BlockTexts = 'exact' | 'lossy';

type Coll = unknown[] | Record<string, unknown>;

function isCollection(v: unknown): v is Coll {
  return Array.isArray(v) || isPlainObject(v);
}
function isEmpty(v: Coll): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}
function isLeaf(v: Coll): boolean {
  return (Array.isArray(v) ? v : Object.values(v)).every((x) => !isCollection(x));
}

/** `v` written from column `col` of a line of block level `level`, when it fits there (no block collection) */
function inline(
  v: unknown,
  level: number,
  n: number,
  flowLeaves: boolean,
  col: number,
  texts?: BlockTexts,
): string | undefined {
  if (!isCollection(v)) return scalar(v, { indent: level + n, col, texts, step: n });
  if (isEmpty(v) || (flowLeaves && isLeaf(v))) return flow(v, level, n, col);
  return undefined;
}

function block(v: Coll, level: number, n: number, flowLeaves: boolean, texts?: BlockTexts): string[] {
  const pad = ' '.repeat(level);
  const out: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      const one = inline(item, level, n, flowLeaves, level + 2, texts);
      if (one !== undefined) {
        out.push(`${pad}- ${one}`);
        continue;
      }
      const inner = block(item as Coll, level + n, n, flowLeaves, texts);
      inner[0] = `${pad}-${' '.repeat(n - 1)}${inner[0]!.slice(level + n)}`;
      out.push(...inner);
    }
    return out;
  }
  for (const k of sortedNames(v)) {
    const item = v[k];
    const key = scalar(keyOf(v, k), { indent: level + n, col: level, key: true });
    const one = inline(item, level, n, flowLeaves, level + width(key) + 2, texts);
    if (one !== undefined) out.push(`${pad}${key}: ${one}`);
    else {
      out.push(`${pad}${key}:`);
      // PyYAML does not indent a sequence under its mapping key
      out.push(...block(item as Coll, Array.isArray(item) ? level : level + n, n, flowLeaves, texts));
    }
  }
  return out;
}

/**
 * `[...]` or `{...}` from column `col` of a line of block level `level`: libyaml starts a new line,
 * indented one step, before an item that would start past column 80, and indents the folded
 * lines of a scalar in it two steps.
 */
function flow(v: Coll, level: number, n: number, col: number): string {
  const entries: [unknown, unknown][] | unknown[] = Array.isArray(v)
    ? v
    : sortedNames(v).map((k) => [keyOf(v, k), v[k]] as [unknown, unknown]);
  let out = Array.isArray(v) ? '[' : '{';
  col++;
  const put = (text: string): void => {
    out += text;
    const nl = text.lastIndexOf('\n');
    col = nl < 0 ? col + width(text) : width(text.slice(nl + 1));
  };
  const item = (x: unknown, key = false): string =>
    isCollection(x) ? flow(x, level, n, col) : scalar(x, { indent: level + 2 * n, col, flow: true, key });
  entries.forEach((entry, i) => {
    if (i > 0) put(',');
    if (col > WIDTH) put('\n' + ' '.repeat(level + n));
    else if (i > 0) put(' ');
    if (!Array.isArray(v)) {
      const [k, x] = entry as [unknown, unknown];
      put(item(k, true) + ': ');
      put(item(x));
    } else put(item(entry));
  });
  return out + (Array.isArray(v) ? ']' : '}');
}

/** libyaml's best_width: PyYAML's default */
const WIDTH = 80;

/** columns as libyaml counts them: one per character */
function width(s: string): number {
  let w = 0;
  for (const _ of s) w++;
  return w;
}

const YAML11_SPECIAL =
  /^(?:~|null|Null|NULL|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|\d{4}-\d\d?-\d\d?.*|<<|=)$/;
/**
 * PyYAML's int and float resolvers: text they would read as a number is quoted. A float needs a
 * point (`1e3` and `1e+16` are text to YAML 1.1 and stay plain).
 */
const YAML11_NUMBER =
  /^(?:[-+]?(?:\d[\d_]*(?::[0-5]?\d)*|\d[\d_]*\.[\d_]*(?:[eE][-+]\d+)?|\d[\d_]*(?::[0-5]?\d)+\.[\d_]*)|\.\d[\d_]*(?:[eE][-+]\d+)?)$/;

function needsQuotes(s: string, inFlow: boolean): boolean {
  if (s === '' || YAML11_SPECIAL.test(s) || YAML11_NUMBER.test(s)) return true;
  // a space or a line break at either end; a document marker at the start
  if (/^[ \n\u0085\u2028\u2029]|[ \n\u0085\u2028\u2029]$/.test(s) || /^(?:---|\.\.\.)/.test(s)) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^[-?:][^\s]/.test(s)) return true;
  // `?x` and `:x` read as plain text in block context only
  if (inFlow && /^[?:]/.test(s)) return true;
  if (/^[-?:]$/.test(s)) return true;
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) return true;
  if (inFlow && /[,?:[\]{}]/.test(s)) return true;
  return /[\n\u0085\u2028\u2029]/.test(s) || needsDoubleQuotes(s);
}

/** where a scalar is written: its first column, the indentation of its folded lines, its context */
interface Place {
  indent: number;
  col: number;
  /** inside `[...]` or `{...}` */
  flow?: boolean;
  /** a mapping key: never folded (libyaml's simple key) */
  key?: boolean;
  /** texts with a line break in the literal block style (the callback's dumper) */
  texts?: BlockTexts;
  /** the dump's indentation step: a block's indentation indicator */
  step?: number;
}

function scalar(v: unknown, at: Place): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number' || isBoxedFloat(v)) {
    const n = Number(v);
    if (Number.isNaN(n)) return '.nan';
    if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
    if (!isFloat(v)) return String(n);
    // PyYAML's represent_float: an exponent without a point gets '.0' ('1.0e+16')
    const repr = floatRepr(n);
    return repr.includes('.') ? repr : repr.replace('e', '.0e');
  }
  let s = String(v);
  const fold = { indent: at.indent, col: at.col, width: at.key ? Infinity : WIDTH };
  if (at.texts && !at.key && !at.flow && BREAK.test(s)) {
    if (at.texts === 'lossy') s = lossyText(s);
    return blockAllowed(s) ? literal(s, at.indent, at.step ?? 2) : doubleQuoted(s, fold);
  }
  if (!needsQuotes(s, !!at.flow)) return plain(s, fold);
  if (needsDoubleQuotes(s)) return doubleQuoted(s, fold);
  return singleQuoted(s, fold);
}

/** PyYAML's line breaks */
const BREAK = /[\n\u0085\u2028\u2029]/;

/** The callback's lossy text: no trailing blanks, tabs expanded, no special characters, no blank before a break. */
function lossyText(s: string): string {
  return expandTabs(s.trimEnd())
    .replace(/[^\n\x20-\x7e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10fffe}]|\ufeff/gu, '')
    .replace(/ +([\n\u0085\u2028\u2029])/g, '$1');
}

/** Python's str.expandtabs(8) */
function expandTabs(s: string): string {
  let col = 0;
  let out = '';
  for (const ch of s) {
    if (ch === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === '\n' || ch === '\r' ? 0 : col + 1;
    }
  }
  return out;
}

/** PyYAML's analyze_scalar: a block scalar cannot hold special characters, a blank before a break or at the end. */
function blockAllowed(s: string): boolean {
  if (/ $/.test(s) || / [\n\u0085\u2028\u2029]/.test(s)) return false;
  return !/[^\n\x20-\x7e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10fffe}]|\ufeff/u.test(s);
}

/** PyYAML's write_literal: `|` with its hints, each line indented, blank lines empty. */
function literal(s: string, indent: number, step: number): string {
  let hints = '';
  if (/^[ \n\u0085\u2028\u2029]/.test(s)) hints += String(step);
  if (!/[\n\u0085\u2028\u2029]$/.test(s)) hints += '-';
  else if (s.length === 1 || /[\n\u0085\u2028\u2029]$/.test(s.slice(0, -1))) hints += '+';
  const lines = s.split('\n');
  // the last break ends the last line; no line follows it
  if (s.endsWith('\n')) lines.pop();
  const pad = ' '.repeat(indent);
  return `|${hints}\n${lines.map((l) => (l ? pad + l : '')).join('\n')}`;
}
