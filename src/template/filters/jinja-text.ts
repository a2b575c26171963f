import { FilterError } from '../errors.js';
import { memberLookup, splitKwargs } from '../members.js';
import { isNum, isPlainObject, pyStr, truthy, typeName } from '../python.js';
import { Undefined } from '../undefined.js';
import { pyJson } from '../../util/python-json.js';
import { wrap } from '../../util/py-textwrap.js';
import { pySplitLines } from '../../util/py-text.js';
import { roundDecimal } from './round.js';
import type { FilterTable } from './types.js';

/** Jinja2 3.1's filters that Ansible templates have and the others do not give: attr, filesizeformat, tojson, wordwrap, xmlattr. */

const SI = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const IEC = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** markupsafe's escape */
function escapeHtml(s: string): string {
  return s.replace(
    /[&<>'"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&#34;' })[c]!,
  );
}

export const jinjaTextFilters: FilterTable = {
  // getattr(obj, name): an attribute (a method), never a dict's key or a list's index
  attr(value, name: unknown) {
    const n = pyStr(name);
    const none = new Undefined(`attr('${n}')`, `'${typeName(value)}' object has no attribute '${n}'`, {
      obj: { value },
      name: n,
    });
    if ((isPlainObject(value) && n in value) || (Array.isArray(value) && /^-?\d+$/.test(n))) return none;
    const v = memberLookup(value, n, 'value');
    return v instanceof Undefined ? none : v;
  },
  filesizeformat(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const binary = pos[0] ?? kw.binary ?? false;
    const bytes = Number(isNum(value) ? value : pyStr(value));
    if (Number.isNaN(bytes)) throw new FilterError(`could not convert string to float: '${pyStr(value)}'`);
    const base = truthy(binary) ? 1024 : 1000;
    const prefixes = truthy(binary) ? IEC : SI;
    if (bytes === 1) return '1 Byte';
    if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
    let i = 0;
    while (i < prefixes.length - 1 && bytes >= base ** (i + 2)) i++;
    return `${roundDecimal((base * bytes) / base ** (i + 2), 1).toFixed(1)} ${prefixes[i]}`;
  },
  // htmlsafe_json_dumps with Jinja2's policy (sort_keys): <, >, & and ' as \u escapes
  tojson(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const indent = pos[0] ?? kw.indent;
    const text = pyJson(value, {
      indent: indent === null || indent === undefined ? undefined : Number(indent),
      sortKeys: true,
      ensureAscii: true,
    });
    return text.replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  },
  // each line wrapped apart, joined with wrapstring (the newline by default)
  wordwrap(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const width = Number(pos[0] ?? kw.width ?? 79);
    const opts = {
      replaceWhitespace: false,
      breakLongWords: truthy(pos[1] ?? kw.break_long_words ?? true),
      breakOnHyphens: truthy(pos[3] ?? kw.break_on_hyphens ?? true),
    };
    const sep = pyStr(pos[2] ?? kw.wrapstring ?? '\n');
    return pySplitLines(pyStr(value))
      .map((line) => wrap(line, width, opts).join(sep))
      .join(sep);
  },
  xmlattr(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    const autospace = pos[0] ?? kw.autospace ?? true;
    if (!isPlainObject(value)) throw new FilterError(`'${typeName(value)}' object has no attribute 'items'`);
    const items: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || v instanceof Undefined) continue;
      if (/[\s/>=]/.test(k)) throw new FilterError(`Invalid character in attribute name: '${k}'`);
      items.push(`${escapeHtml(k)}="${escapeHtml(pyStr(v))}"`);
    }
    const rv = items.join(' ');
    return truthy(autospace) && rv ? ` ${rv}` : rv;
  },
};
