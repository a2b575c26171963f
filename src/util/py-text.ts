/** Python's str methods that hosts' output is read with, where JavaScript's differ. */

// eslint-disable-next-line no-control-regex
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/**
 * str.splitlines(): lines end at \n, \r, \r\n and the other breaks Python counts (\v, \f,
 * \x1c-\x1e, \x85, \u2028, \u2029); a final break makes no empty last line.
 */
export function pySplitLines(text: string): string[] {
  const lines = text.split(LINE_BREAK);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
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
