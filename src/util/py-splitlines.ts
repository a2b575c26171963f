// Python's line boundaries: \r\n, \n, \r, \v, \f, \x1c-\x1e (file, group, record separators),
// NEL, LINE and PARAGRAPH SEPARATOR; the separators are control characters on purpose
// eslint-disable-next-line no-control-regex
const BOUNDARY = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Python's str.splitlines(): no empty last line for a final line end. */
export function pySplitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(BOUNDARY);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
