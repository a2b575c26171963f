/** Python's str methods that hosts' output is read with, where JavaScript's differ. */

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

/** str.split() with no separator: runs of whitespace, none at either end; at most `max` splits. */
export function pySplitWhitespace(s: string, max = Infinity): string[] {
  const out: string[] = [];
  let rest = s.replace(/^\s+/, '');
  while (rest && out.length < max) {
    const m = /\s+/.exec(rest);
    if (!m) break;
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  if (rest) out.push(max === Infinity ? rest.replace(/\s+$/, '') : rest);
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
