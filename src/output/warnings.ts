import chalk from 'chalk';
import { warningsOf } from '../modules/lib/context.js';

/**
 * Module warnings (`warnings: [...]` in a result) as ansible-playbook shows them: `[WARNING]: `
 * and the text, wrapped to the terminal's width less one (79 columns when not a terminal), each
 * distinct warning once per run, in Ansible's warning colour (bright magenta).
 */
export class WarningLines {
  private shown = new Set<string>();

  constructor(
    private columns = Math.max(79, (process.stdout.isTTY ? (process.stdout.columns ?? 0) : 0) - 1),
  ) {}

  /** The lines to show for a result's warnings (empty for ones already shown). */
  linesFor(result: Record<string, unknown>, color: boolean): string[] {
    return this.lines(warningsOf(result), color, this.shown);
  }

  /** The lines of an event's own warnings: each distinct one, whether shown before or not. */
  eventLines(warnings: readonly string[] | undefined, color: boolean): string[] {
    return warnings ? this.lines(warnings, color, new Set()) : [];
  }

  private lines(warnings: readonly string[], color: boolean, shown: Set<string>): string[] {
    const out: string[] = [];
    for (const w of warnings) {
      const text = wrap(`[WARNING]: ${w}`, this.columns).join('\n');
      if (shown.has(text)) continue;
      shown.add(text);
      out.push(color ? chalk.magentaBright(text) : text);
    }
    return out;
  }
}

/**
 * Python's textwrap.wrap for plain text: blanks collapse, words fill lines up to `width`, a word
 * longer than a line is cut.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) lines.push(line);
      line = '';
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
