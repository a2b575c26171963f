/**
 * Scalars as Ansible's to_yaml writes them. Ansible's dumper is PyYAML's CSafeDumper, so libyaml's
 * emitter decides: text with a character libyaml does not print (a tab, a control character, \r,
 * \x85, a BOM, anything beyond U+FFFF), or a space next to a line break, is double quoted with
 * escapes; other text that cannot stay plain is single quoted, its line breaks written as YAML
 * reads them back. A line is folded at a single space once it has passed 80 columns (checked
 * against ansible-playbook 2.14 with python3-yaml 6 / libyaml 0.2).
 */

/** where a scalar starts (`col`), how its folded lines are indented, the column past which it folds */
export interface Fold {
  indent: number;
  col: number;
  width: number;
}

/** line breaks YAML folds in a quoted scalar */
const BREAKS = new Set(['\n', '\u0085', '\u2028', '\u2029']);

/** libyaml's IS_PRINTABLE: what it writes as it is */
function printable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

/** True when libyaml picks the double-quoted style for `s`. */
export function needsDoubleQuotes(s: string): boolean {
  for (const ch of s) if (!printable(ch.codePointAt(0)!)) return true;
  return / [\n\u0085\u2028\u2029]|[\n\u0085\u2028\u2029] /.test(s);
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u2028': 'L',
  '\u2029': 'P',
};

/**
 * Writes a scalar's characters, folding at a space as libyaml does: a space that follows no other
 * space, once the line is past the width, becomes a line break and the indentation
 * (`breakAt(i)` adds the style's own conditions).
 */
class Writer {
  out = '';
  col: number;
  constructor(
    private readonly at: Fold,
    open: string,
  ) {
    this.col = at.col;
    this.put(open);
  }
  put(text: string): void {
    this.out += text;
    for (const _ of text) this.col++;
  }
  newLine(): void {
    this.out += '\n' + ' '.repeat(this.at.indent);
    this.col = this.at.indent;
  }
  /** true when the space at `i` of `chars` is written as a line break instead */
  folds(chars: string[], i: number): boolean {
    return chars[i - 1] !== ' ' && this.col > this.at.width;
  }
}

/** a plain scalar: folded at a space that no other space follows */
export function plain(s: string, at: Fold): string {
  const w = new Writer(at, '');
  const chars = [...s];
  chars.forEach((ch, i) => {
    if (ch === ' ' && w.folds(chars, i) && chars[i + 1] !== ' ') w.newLine();
    else w.put(ch);
  });
  return w.out;
}

/** `"..."` with libyaml's escapes: its names, else \xXX, \uXXXX, \UXXXXXXXX in upper case. */
export function doubleQuoted(s: string, at: Fold): string {
  const w = new Writer(at, '"');
  const chars = [...s];
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0)!;
    if (ch === ' ' && i > 0 && i < chars.length - 1 && w.folds(chars, i)) {
      w.newLine();
      // a space that starts the next line would be read as indentation
      if (chars[i + 1] === ' ') w.put('\\');
    } else if (printable(cp) && !BREAKS.has(ch) && ch !== '"' && ch !== '\\') w.put(ch);
    else if (ESCAPES[ch] !== undefined) w.put('\\' + ESCAPES[ch]);
    else {
      const [mark, digits] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
      w.put(`\\${mark}${cp.toString(16).toUpperCase().padStart(digits, '0')}`);
    }
  });
  w.put('"');
  return w.out;
}

/**
 * `'...'`: a quote doubled; a run of line breaks written with one more `\n` before it (a lone
 * break reads back as a space), the next line indented.
 */
export function singleQuoted(s: string, at: Fold): string {
  const w = new Writer(at, "'");
  const chars = [...s];
  let inBreaks = false;
  chars.forEach((ch, i) => {
    if (BREAKS.has(ch)) {
      if (!inBreaks && ch === '\n') w.out += '\n';
      w.out += ch;
      w.col = 0;
      inBreaks = true;
      return;
    }
    if (inBreaks) w.put(' '.repeat(at.indent));
    inBreaks = false;
    const last = i === chars.length - 1;
    if (ch === ' ' && i > 0 && !last && chars[i + 1] !== ' ' && w.folds(chars, i)) w.newLine();
    else w.put(ch === "'" ? "''" : ch);
  });
  if (inBreaks) w.put(' '.repeat(at.indent));
  w.put("'");
  return w.out;
}
