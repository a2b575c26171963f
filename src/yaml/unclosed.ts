import type { SourcePos } from '../errors.js';

/**
 * Where a quoted scalar or a flow collection that is still open at a parse error began: the YAML
 * parser only notices such a mistake lines later (where the text can no longer be part of it),
 * but the mistake is the opening quote or bracket. A light scan, run only after an error: plain
 * text, comments and block scalars (`|`, `>`) are skipped; quotes and brackets count where YAML
 * lets a value start.
 */

interface Open {
  ch: string;
  line: number;
  col: number;
}

/** Characters after which a value may start (so a quote there opens a quoted scalar). */
function valueStarts(prev: string): boolean {
  return /(^|[:\-?,[{]\s*|^\s*)$/.test(prev) && (prev.trim() === '' || /[:\-?,[{]\s*$/.test(prev));
}

export function unclosedOpening(
  text: string,
  file: string,
  upTo: { line: number; col: number },
): SourcePos | undefined {
  const lines = text.split('\n');
  const flows: Open[] = [];
  let quote: Open | undefined;
  let blockIndent = -1;
  for (let li = 0; li < lines.length && li < upTo.line; li++) {
    const line = lines[li]!;
    const indent = line.length - line.trimStart().length;
    if (!quote && blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const end = li === upTo.line - 1 ? Math.min(line.length, upTo.col - 1) : line.length;
    for (let i = 0; i < end; i++) {
      const c = line[i]!;
      if (quote) {
        if (quote.ch === '"' && c === '\\') i++;
        else if (c === quote.ch && quote.ch === "'" && line[i + 1] === "'") i++;
        else if (c === quote.ch) quote = undefined;
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break;
      const prev = line.slice(0, i);
      if ((c === '"' || c === "'") && valueStarts(prev)) quote = { ch: c, line: li + 1, col: i + 1 };
      else if ((c === '[' || c === '{') && (flows.length || valueStarts(prev)))
        flows.push({ ch: c, line: li + 1, col: i + 1 });
      else if ((c === ']' || c === '}') && flows.length) flows.pop();
      else if (!flows.length && /[|>][-+0-9]*\s*$/.test(line.slice(i)) && /:\s*$|^\s*-\s*$/.test(prev)) {
        blockIndent = indent;
        break;
      }
    }
  }
  const open = quote ?? flows[flows.length - 1];
  return open ? { file, line: open.line, col: open.col } : undefined;
}
