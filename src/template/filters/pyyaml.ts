import { isPlainObject } from '../python.js';
import { floatRepr, isBoxedFloat, isFloat } from '../../util/py-float.js';
import { doubleQuoted, needsDoubleQuotes, singleQuoted } from './yaml-quoted.js';
import { keyOf, sortedNames } from '../../util/py-dict-keys.js';

/**
 * YAML text the way Ansible's to_yaml / to_nice_yaml print it (PyYAML's dump: keys sorted,
 * sequences not indented under their key, quoting as libyaml does, yaml-quoted.ts). `flowLeaves` is PyYAML's default_flow_style=None: collections of scalars print inline.
 * Long lines are not folded at 80 columns as PyYAML does (its default width).
 */
export function pyYamlDump(value: unknown, indent: number, flowLeaves: boolean): string {
  // libyaml (Ansible's CSafeDumper) ends a lone scalar without PyYAML's `...` line
  if (!isCollection(value)) return `${scalar(value, 0, indent)}\n`;
  if (isEmpty(value) || (flowLeaves && isLeaf(value))) return flow(value, 0, indent) + '\n';
  return block(value, 0, indent, flowLeaves).join('\n') + '\n';
}

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

function inline(v: unknown, level: number, n: number, flowLeaves: boolean): string | undefined {
  if (!isCollection(v)) return scalar(v, level, n);
  if (isEmpty(v) || (flowLeaves && isLeaf(v))) return flow(v, level, n);
  return undefined;
}

function block(v: Coll, level: number, n: number, flowLeaves: boolean): string[] {
  const pad = ' '.repeat(level);
  const out: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      const one = inline(item, level, n, flowLeaves);
      if (one !== undefined) {
        out.push(`${pad}- ${one}`);
        continue;
      }
      const inner = block(item as Coll, level + n, n, flowLeaves);
      inner[0] = `${pad}-${' '.repeat(n - 1)}${inner[0]!.slice(level + n)}`;
      out.push(...inner);
    }
    return out;
  }
  for (const k of sortedNames(v)) {
    const item = v[k];
    const key = scalar(keyOf(v, k), level, n);
    const one = inline(item, level, n, flowLeaves);
    if (one !== undefined) out.push(`${pad}${key}: ${one}`);
    else {
      out.push(`${pad}${key}:`);
      // PyYAML does not indent a sequence under its mapping key
      out.push(...block(item as Coll, Array.isArray(item) ? level : level + n, n, flowLeaves));
    }
  }
  return out;
}

/** `[...]` or `{...}` on a line of block level `level`: libyaml indents its continuation lines two steps in */
function flow(v: Coll, level: number, n: number): string {
  const item = (x: unknown): string => (isCollection(x) ? flow(x, level, n) : scalar(x, level + n, n, true));
  if (Array.isArray(v)) return `[${v.map(item).join(', ')}]`;
  return `{${sortedNames(v)
    .map((k) => `${item(keyOf(v, k))}: ${item(v[k])}`)
    .join(', ')}}`;
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
  if (inFlow && /[,[\]{}]/.test(s)) return true;
  return /[\n\u0085\u2028\u2029]/.test(s) || needsDoubleQuotes(s);
}

function scalar(v: unknown, level: number, n: number, inFlow = false): string {
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
  const s = String(v);
  if (!needsQuotes(s, inFlow)) return s;
  if (needsDoubleQuotes(s)) return doubleQuoted(s);
  return singleQuoted(s, level + n);
}
