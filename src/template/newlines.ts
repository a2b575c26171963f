/**
 * Jinja2's line ends as Ansible sets them up. Jinja2's lexer reads `\r\n`, `\r` and `\n` alike as
 * a line end and drops the last one of the source (keep_trailing_newline is off); the text parts
 * of the template and its string literals then carry the environment's newline_sequence (`\n`
 * unless the template module or a `#jinja2:` line says otherwise). Values a template prints keep
 * theirs. Ansible then appends the `\n`s the source ended with that the output lacks, each as
 * newline_sequence (Templar.do_template's preserve_trailing_newlines).
 */

/** Each line end (`\r\n`, `\r`, `\n`) one `\n`, as Jinja2's lexer splits the source into lines. */
export function unixLineEnds(src: string): string {
  // every render passes here: most texts have no \r to change
  return src.includes('\r') ? src.replace(/\r\n?/g, '\n') : src;
}

/** The source as Jinja2's lexer reads it: each line end one `\n`, the last one dropped unless kept. */
export function jinjaSource(src: string, keepTrailingNewline = false): string {
  const text = unixLineEnds(src);
  return !keepTrailingNewline && text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** The `\n`s at the end of a text (a `\r` stops the count, as in Ansible's _count_newlines_from_end). */
export function trailingNewlines(s: string): number {
  let i = s.length;
  while (i > 0 && s[i - 1] === '\n') i--;
  return s.length - i;
}

/** The output with the newlines the source ended with and the output lacks appended. */
export function restoreTrailingNewlines(out: string, src: string, newlineSequence = '\n'): string {
  const missing = trailingNewlines(src) - trailingNewlines(out);
  return missing > 0 ? out + newlineSequence.repeat(missing) : out;
}
