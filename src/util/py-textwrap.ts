/**
 * Python's textwrap.wrap: Ansible's Display wraps warnings with its defaults, Jinja2's wordwrap
 * filter with whitespace kept and its own switches.
 */
export interface WrapOptions {
  /** each blank is a space first (replace_whitespace, on by default) */
  replaceWhitespace?: boolean;
  /** a word longer than a line is cut (break_long_words, on by default) */
  breakLongWords?: boolean;
  /** a word may break after a hyphen between letters (break_on_hyphens, on by default) */
  breakOnHyphens?: boolean;
}

const BLANKS = /([ \t\n\r\f\v]+)/;

/**
 * The lines: blanks are kept inside a line and dropped where a line breaks; a piece longer than a
 * line fills what is left of the line, then whole lines.
 */
export function wrap(text: string, width: number, opts: WrapOptions = {}): string[] {
  const { replaceWhitespace = true, breakLongWords = true, breakOnHyphens = true } = opts;
  const chunks = (replaceWhitespace ? text.replace(/[ \t\n\r\f\v]/g, ' ') : text)
    .split(BLANKS)
    .filter(Boolean)
    .flatMap((c) => (BLANKS.test(c) || !breakOnHyphens ? [c] : hyphenParts(c)))
    .reverse();
  const isBlank = (c: string): boolean => !c.replace(/[ \t\n\r\f\v]/g, '');
  const lines: string[] = [];
  while (chunks.length) {
    if (lines.length && isBlank(chunks.at(-1)!)) chunks.pop();
    const line: string[] = [];
    let len = 0;
    while (chunks.length && len + chunks.at(-1)!.length <= width) len += pushed(line, chunks.pop()!);
    if (chunks.length && chunks.at(-1)!.length > width) {
      if (breakLongWords) len += pushed(line, longWordPart(chunks, width - len, breakOnHyphens));
      else if (!line.length) len += pushed(line, chunks.pop()!);
    }
    if (line.length && isBlank(line.at(-1)!)) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}

function pushed(line: string[], chunk: string): number {
  line.push(chunk);
  return chunk.length;
}

/** textwrap's _handle_long_word: the head of the next chunk that fits `room`, after a hyphen where one is. */
function longWordPart(chunks: string[], room: number, onHyphens: boolean): string {
  const chunk = chunks.at(-1)!;
  let end = Math.max(room, 1);
  const hyphen = chunk.lastIndexOf('-', end - 1);
  if (onHyphens && chunk.length > end && hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
  chunks[chunks.length - 1] = chunk.slice(end);
  return chunk.slice(0, end);
}

/** A word's pieces where textwrap may break it: after a hyphen with letters around it (its wordsep_re). */
function hyphenParts(word: string): string[] {
  return word.split(/(?<=[^\d\W]{2}-|[^\d\W]-[^\d\W]-)(?=[^\d\W]-?[^\d\W])/u);
}
