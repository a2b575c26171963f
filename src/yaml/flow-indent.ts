/**
 * PyYAML ignores indentation inside a flow collection (`{ ... }`, `[ ... ]`): a mapping written
 * as JSON may close its brace, or continue its lines, left of the key that holds it. js-yaml
 * follows the YAML spec and stops with "deficient indentation". For such a file, load.ts parses
 * again the text this function gives back: every continuation line inside a flow collection is
 * indented past the column where the collection opened, which changes nothing else (whitespace at
 * a line's start inside a flow collection, quoted scalars included, is not content).
 */

/** `key: |` or `- >-`: the lines after it, more indented, are a block scalar's text. */
const BLOCK_SCALAR = /(^|[\s:-])[|>][-+0-9]*\s*(#.*)?$/;

export function indentFlowContinuations(text: string): string {
  const lines = text.split('\n');
  let depth = 0;
  let openCol = 0;
  let quote: string | undefined;
  let blockIndent = -1;
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const indent = line.length - line.trimStart().length;
    if (depth === 0 && !quote && blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    if ((depth > 0 || quote) && indent <= openCol && line.trim() !== '') {
      line = ' '.repeat(openCol + 1 - indent) + line;
      lines[n] = line;
    }
    let prev = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        if (quote === "'" && c === "'" && line[i + 1] === "'") i++;
        else if (quote === '"' && c === '\\') i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break;
      const atScalarStart = /^[\s{[,:-]?$/.test(prev) || /[{[,:]\s*$/.test(line.slice(0, i));
      if ((c === '"' || c === "'") && atScalarStart) quote = c;
      else if ((c === '{' || c === '[') && (depth > 0 || atScalarStart)) {
        if (depth === 0) openCol = indent;
        depth++;
      } else if ((c === '}' || c === ']') && depth > 0) depth--;
      if (!/\s/.test(c)) prev = c;
    }
    if (depth === 0 && !quote && BLOCK_SCALAR.test(line)) blockIndent = indent;
  }
  return lines.join('\n');
}
