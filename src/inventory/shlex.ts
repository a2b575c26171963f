// Python's shlex.split(line, comments=True, posix=True), which Ansible's INI inventory uses on host lines.

export class ShlexError extends Error {}

/** Splits like a POSIX shell: quotes, backslash escapes, `#` comments (even inside a word). */
export function shlexSplit(line: string): string[] {
  const tokens: string[] = [];
  let token = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') {
        const next = line[i + 1];
        if (next === undefined) throw new ShlexError('No escaped character');
        // inside double quotes only the quote itself and the backslash may be escaped
        if (next !== '"' && next !== '\\') token += '\\';
        token += next;
        i++;
      } else token += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (inToken) tokens.push(token);
      token = '';
      inToken = false;
    } else if (c === '#') {
      break;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) throw new ShlexError('No escaped character');
      token += next;
      inToken = true;
      i++;
    } else {
      token += c;
      inToken = true;
    }
  }
  if (quote) throw new ShlexError('No closing quotation');
  if (inToken) tokens.push(token);
  return tokens;
}
