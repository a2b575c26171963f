import { type PyFloat, floatRepr, isBoxedFloat, isFloat, stringifyFloats } from './py-float.js';
import { keyOf, sortedNames } from './py-dict-keys.js';

/** JSON text as Python's json.dumps(sort_keys=True, indent=4) writes it (Ansible's CLI and diffs). */
export function pythonJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v instanceof Date) return v.toISOString();
    if (v !== null && typeof v === 'object' && !isBoxedFloat(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return stringifyFloats(sortKeys(value), 4);
}

function jsonString(s: string, ensureAscii: boolean): string {
  const j = JSON.stringify(s);
  return ensureAscii
    ? j.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
    : j;
}

/** A number as Python's json writes it: a float as its repr ('1.0', '1e+16'), NaN and Infinity as words. */
function jsonNumber(v: number | PyFloat): string {
  const n = Number(v);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return isFloat(v) ? floatRepr(n) : String(n);
}

/** json.dumps writes a whole float key as its repr ('1.0'); other keys as they are kept */
function jsonKey(dict: object, name: string): string {
  const key = keyOf(dict, name);
  return isBoxedFloat(key) ? floatRepr(key.value) : name;
}

/** Python's json.dumps (to_json, copy's and uri's data): `{"a": 1, "b": [1, 2]}` compact, or indented with `,` / `: `. */
export function pyJson(
  v: unknown,
  opts: { indent?: number; sortKeys?: boolean; ensureAscii?: boolean } = {},
  level = 0,
): string {
  const ascii = opts.ensureAscii ?? true;
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number' || isBoxedFloat(v)) return jsonNumber(v);
  if (typeof v === 'string') return jsonString(v, ascii);
  const ind = opts.indent;
  const nl = ind === undefined ? '' : '\n' + ' '.repeat(ind * (level + 1));
  const end = ind === undefined ? '' : '\n' + ' '.repeat(ind * level);
  const sep = ind === undefined ? ', ' : ',';
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return '[' + v.map((x) => nl + pyJson(x, opts, level + 1)).join(sep) + end + ']';
  }
  if (typeof v === 'object') {
    const keys = opts.sortKeys ? sortedNames(v) : Object.keys(v);
    if (!keys.length) return '{}';
    const rec = v as Record<string, unknown>;
    return (
      '{' +
      keys
        .map((k) => nl + jsonString(jsonKey(v, k), ascii) + ': ' + pyJson(rec[k], opts, level + 1))
        .join(sep) +
      end +
      '}'
    );
  }
  return jsonString(String(v), ascii);
}
