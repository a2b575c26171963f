/** Python's str methods that hosts' output and templates use, where JavaScript's differ. */

// eslint-disable-next-line no-control-regex
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

/**
 * str.splitlines(): lines end at \n, \r, \r\n and the other breaks Python counts (\v, \f,
 * \x1c-\x1e, \x85, \u2028, \u2029); a final break makes no empty last line. `keepends`: each
 * line keeps its break (splitlines(True)).
 */
export function pySplitLines(text: string, keepends = false): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of text.matchAll(LINE_BREAK)) {
    out.push(text.slice(start, keepends ? m.index + m[0].length : m.index));
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** What Python's str.isspace() takes for whitespace (JavaScript's \s lacks \x1c-\x1f and \x85, and has \ufeff). */
const PY_SPACE =
  '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`);
const SPACE_RUN = new RegExp(`[${PY_SPACE}]+`);

/**
 * str.split(sep=None, maxsplit=-1). Without `sep`: runs of whitespace, none at either end. With
 * `sep` (not empty): each occurrence, empty parts kept. After `maxsplit` splits (a negative one:
 * no limit) the rest is the last part as it is, whitespace and separators included.
 */
export function pySplit(s: string, sep?: string | null, maxsplit = -1): string[] {
  const max = maxsplit < 0 ? Infinity : maxsplit;
  if (sep !== undefined && sep !== null) {
    const parts = s.split(sep);
    return parts.length - 1 <= max ? parts : [...parts.slice(0, max), parts.slice(max).join(sep)];
  }
  const out: string[] = [];
  let rest = s.replace(LEADING_SPACE, '');
  while (rest && out.length < max) {
    const m = SPACE_RUN.exec(rest);
    if (!m) break;
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * str.strip(chars=None) and its lstrip/rstrip: Python's whitespace, or any of `chars`, taken off
 * the start, the end or both.
 */
export function pyStrip(s: string, chars?: string | null, side: 'both' | 'left' | 'right' = 'both'): string {
  const set = chars === undefined || chars === null ? PY_SPACE : chars.replace(/[\\\]^-]/g, '\\$&');
  if (!set) return s;
  let out = s;
  if (side !== 'right') out = out.replace(new RegExp(`^[${set}]+`, 'u'), '');
  if (side !== 'left') out = out.replace(new RegExp(`[${set}]+$`, 'u'), '');
  return out;
}

/** Text as Python's open(path) reads it: universal newlines (\r\n and \r become \n). */
export function universalNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** The lines Python's `for line in file` gives for text read so: each ends with its \n, the last may not. */
export function fileLines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** os.path.dirname */
export function pyDirname(p: string): string {
  const i = p.lastIndexOf('/') + 1;
  const head = p.slice(0, i);
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

/**
 * len() of a str: its code points, a surrogate pair once. Counted without an array of characters
 * (`[...s]` of a command's 50 MB output took 1.4 GB and 2 s).
 */
export function pyLen(s: string): number {
  if (!/[\uD800-\uDBFF]/.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) continue;
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      n--;
      i++;
    }
  }
  return n;
}
