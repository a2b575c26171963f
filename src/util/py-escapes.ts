/** Python's backslash escapes in string literals (and the unicode-escape codec). */

const SIMPLE: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * The escape whose letter is at `src[at]` (just after the backslash): its text and how many
 * characters after the backslash it takes; undefined for an escape Python does not know (which
 * keeps its backslash), 'malformed' for `\x`/`\u`/`\U` without enough hex digits.
 */
export function pyEscapeAt(
  src: string,
  at: number,
): { text: string; length: number } | 'malformed' | undefined {
  const c = src[at];
  if (c === undefined) return undefined;
  if (c in SIMPLE) return { text: SIMPLE[c]!, length: 1 };
  const octal = /^[0-7]{1,3}/.exec(src.slice(at, at + 3));
  if (octal) return { text: String.fromCodePoint(parseInt(octal[0], 8)), length: octal[0].length };
  const len = HEX_LENGTH[c];
  if (!len) return undefined;
  const hex = src.slice(at + 1, at + 1 + len);
  if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return 'malformed';
  return { text: String.fromCodePoint(parseInt(hex, 16)), length: 1 + len };
}
