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
 * Python's textwrap.wrap with its defaults, as Ansible's Display wraps a warning: each blank is a
 * space (runs are kept inside a line, dropped where a line breaks), a word may break after a
 * hyphen between letters (`argsplat-` `unsafe)`), and a piece longer than a line fills what is
 * left of the line, then whole lines.
 */
export function wrap(text: string, width: number): string[] {
  const chunks = text
    .replace(/\s/g, ' ')
    .split(/( +)/)
    .filter(Boolean)
    .flatMap((c) => (c.startsWith(' ') ? [c] : hyphenParts(c)))
    .reverse();
  const lines: string[] = [];
  while (chunks.length) {
    if (lines.length && !chunks.at(-1)!.trim()) chunks.pop();
    const line: string[] = [];
    let len = 0;
    while (chunks.length && len + chunks.at(-1)!.length <= width) len += pushed(line, chunks.pop()!);
    if (chunks.length && chunks.at(-1)!.length > width)
      len += pushed(line, longWordPart(chunks, width - len));
    if (line.length && !line.at(-1)!.trim()) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}

function pushed(line: string[], chunk: string): number {
  line.push(chunk);
  return chunk.length;
}

/** textwrap's _handle_long_word: the head of the next chunk that fits `room`, after a hyphen where one is. */
function longWordPart(chunks: string[], room: number): string {
  const chunk = chunks.at(-1)!;
  let end = Math.max(room, 1);
  const hyphen = chunk.lastIndexOf('-', end - 1);
  if (chunk.length > end && hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
  chunks[chunks.length - 1] = chunk.slice(end);
  return chunk.slice(0, end);
}

/** A word's pieces where textwrap may break it: after a hyphen with letters around it (its wordsep_re). */
function hyphenParts(word: string): string[] {
  return word.split(/(?<=[^\d\W]{2}-|[^\d\W]-[^\d\W]-)(?=[^\d\W]-?[^\d\W])/u);
}
