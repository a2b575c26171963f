import { FilterError } from '../errors.js';
import { splitKwargs } from '../members.js';
import { pyStr, truthy } from '../python.js';
import type { FilterTable } from './types.js';
import { pyTuple } from '../../util/py-tuple.js';

/** Python `re` semantics on JavaScript RegExp: regex_replace, regex_search, regex_findall, regex_escape. */

interface ReOpts {
  ignorecase?: unknown;
  multiline?: unknown;
}

/** Translates Python regex syntax to JavaScript: named groups, \A, \Z, leading inline flags. */
export function pyRegex(pattern: unknown, opts: ReOpts = {}, extraFlags = ''): RegExp {
  let src = pyStr(pattern);
  let flags = extraFlags;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    if (inline[1]!.includes('i')) flags += 'i';
    if (inline[1]!.includes('m')) flags += 'm';
    if (inline[1]!.includes('s')) flags += 's';
  }
  if (truthy(opts.ignorecase ?? false) && !flags.includes('i')) flags += 'i';
  if (truthy(opts.multiline ?? false) && !flags.includes('m')) flags += 'm';
  src = src
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$(?![\\s\\S])');
  try {
    return new RegExp(src, flags + 'u');
  } catch {
    try {
      return new RegExp(src, flags);
    } catch (e) {
      throw new FilterError(
        `invalid regular expression ${JSON.stringify(pyStr(pattern))}: ${(e as Error).message}`,
      );
    }
  }
}

/** Python's replacement template: \1, \g<1>, \g<name>, \n, \\. */
function expandTemplate(
  tpl: string,
  m: RegExpExecArray | string[],
  groups?: Record<string, string | undefined>,
): string {
  return tpl.replace(/\\(g<(\w+)>|\d{1,2}|n|t|r|\\)/g, (_s, what: string, g?: string) => {
    if (what === 'n') return '\n';
    if (what === 't') return '\t';
    if (what === 'r') return '\r';
    if (what === '\\') return '\\';
    const ref = g ?? what;
    if (/^\d+$/.test(ref)) return m[Number(ref)] ?? '';
    return groups?.[ref] ?? '';
  });
}

function groupRefs(args: unknown[]): string[] {
  return args.map((a) => pyStr(a));
}

export const regexFilters: FilterTable = {
  regex_replace(value, pattern: unknown = '', replacement: unknown = '', ...args) {
    const { pos, kw } = splitKwargs(args);
    const re = pyRegex(
      pattern,
      { ignorecase: pos[0] ?? kw.ignorecase, multiline: pos[1] ?? kw.multiline },
      'g',
    );
    const count = Number(kw.count ?? 0);
    const tpl = pyStr(replacement);
    let n = 0;
    return pyStr(value).replace(re, (...m: unknown[]) => {
      if (count > 0 && n >= count) return m[0] as string;
      n++;
      const last = m[m.length - 1];
      const groups = typeof last === 'object' && last !== null ? (last as Record<string, string>) : undefined;
      const numbered = m.slice(0, groups ? -3 : -2) as string[];
      return expandTemplate(tpl, numbered, groups);
    });
  },
  regex_search(value, pattern: unknown, ...args) {
    const { pos, kw } = splitKwargs(args);
    const re = pyRegex(pattern, kw);
    const m = re.exec(pyStr(value));
    if (!m) return null;
    if (!pos.length) return m[0];
    return groupRefs(pos).map((ref) => {
      const g = /^\\g<(\w+)>$/.exec(ref) ?? /^\\(\d+)$/.exec(ref);
      if (!g) throw new FilterError(`regex_search: unknown argument ${ref}`);
      return /^\d+$/.test(g[1]!) ? (m[Number(g[1])] ?? null) : (m.groups?.[g[1]!] ?? null);
    });
  },
  regex_findall(value, pattern: unknown, ...args) {
    const { pos, kw } = splitKwargs(args);
    const re = pyRegex(
      pattern,
      { multiline: pos[0] ?? kw.multiline, ignorecase: pos[1] ?? kw.ignorecase },
      'g',
    );
    const out: unknown[] = [];
    for (const m of pyStr(value).matchAll(re)) {
      if (m.length === 1) out.push(m[0]);
      else if (m.length === 2) out.push(m[1] ?? '');
      else out.push(pyTuple(m.slice(1).map((x) => x ?? '')));
    }
    return out;
  },
  regex_escape(value, reType: unknown = 'python') {
    const s = pyStr(value);
    // Python 3.7's re.escape: only the characters special to a regular expression, and whitespace
    if (reType === 'python') return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, '\\$&');
    if (reType === 'posix_basic') return s.replace(/[\].[^$*\\]/g, '\\$&');
    if (reType === 'posix_extended') throw new FilterError('Regex type (posix_extended) not yet implemented');
    throw new FilterError(`Invalid regex type (${pyStr(reType)})`);
  },
};
