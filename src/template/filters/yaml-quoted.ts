/**
 * Quoted scalars as Ansible's to_yaml writes them. Ansible's dumper is PyYAML's CSafeDumper, so
 * libyaml's emitter decides: text with a character libyaml does not print (a tab, a control
 * character, \r, \x85, a BOM, anything beyond U+FFFF), or a space next to a line break, is double
 * quoted with escapes; other text that cannot stay plain is single quoted, its line breaks written
 * as YAML reads them back (checked against ansible-playbook 2.14 with python3-yaml 6 / libyaml 0.2).
 */

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

/** `"..."` with libyaml's escapes: its names, else \xXX, \uXXXX, \UXXXXXXXX in upper case. */
export function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (printable(cp) && !BREAKS.has(ch) && ch !== '"' && ch !== '\\') out += ch;
    else if (ESCAPES[ch] !== undefined) out += '\\' + ESCAPES[ch];
    else {
      const [mark, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
      out += `\\${mark}${cp.toString(16).toUpperCase().padStart(width, '0')}`;
    }
  }
  return out + '"';
}

/**
 * `'...'`: a quote doubled; a run of line breaks written with one more `\n` before it (a lone
 * break reads back as a space) and the next line indented by `indent`.
 */
export function singleQuoted(s: string, indent: number): string {
  let out = "'";
  let inBreaks = false;
  for (const ch of s) {
    if (BREAKS.has(ch)) {
      if (!inBreaks && ch === '\n') out += '\n';
      out += ch;
      inBreaks = true;
      continue;
    }
    if (inBreaks) out += ' '.repeat(indent);
    out += ch === "'" ? "''" : ch;
    inBreaks = false;
  }
  return out + (inBreaks ? ' '.repeat(indent) : '') + "'";
}
