import { chalk } from './paint.js';
import { warningsOf } from '../modules/lib/context.js';
import { wrap } from '../util/py-textwrap.js';
import { standardOutput } from './stdio.js';

export { wrap } from '../util/py-textwrap.js';

/** The width Ansible wraps a warning to: the terminal's less one, 79 columns when not a terminal. */
const warningColumns = (): number =>
  Math.max(79, (standardOutput.isTerminal() ? (process.stdout.columns ?? 0) : 0) - 1);

/** `[WARNING]: ` and the text, wrapped as Ansible's display wraps a warning. */
export function warningText(text: string, columns = warningColumns()): string {
  return wrap(`[WARNING]: ${text}`, columns).join('\n');
}

/**
 * Module warnings (`warnings: [...]` in a result) as ansible-playbook shows them: `[WARNING]: `
 * and the text, wrapped to the terminal's width less one (79 columns when not a terminal), each
 * distinct warning once per run, in Ansible's warning colour (bright magenta).
 */
export class WarningLines {
  private shown = new Set<string>();

  constructor(private columns = warningColumns()) {}

  /** Warnings shown before the run (the CLI's, for --limit): Ansible's display does not repeat them. */
  markShown(warnings: readonly string[]): this {
    this.lines(warnings, false, this.shown);
    return this;
  }

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
      const text = warningText(w, this.columns);
      if (shown.has(text)) continue;
      shown.add(text);
      out.push(color ? chalk().magentaBright(text) : text);
    }
    return out;
  }
}
