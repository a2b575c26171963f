import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Masker } from './masking.js';
import type { Output, RunEvent } from './events.js';
import { PUBLIC_EVENTS } from './json.js';
import { buildReportModel, reportedPart } from './report-model.js';
import { renderReportHtml } from './report-html.js';

/**
 * `--report FILE`: the run's public events (those `--json` writes) go on to the chosen output and
 * are kept; when the run ends they become one HTML file. They are masked at the end, with every
 * secret the run learned by then, so a secret met late is hidden in early events too.
 */
export class ReportOutput implements Output {
  private events: RunEvent[] = [];

  constructor(
    private inner: Output,
    private masker: Masker,
    private file: string,
  ) {}

  emit(ev: RunEvent): void {
    if (PUBLIC_EVENTS.has(ev.event))
      this.events.push(structuredClone(ev.event === 'host_result' ? reportedPart(ev) : ev));
    this.inner.emit(ev);
  }

  async settle(): Promise<void> {
    await this.inner.settle?.();
  }

  async close(): Promise<void> {
    await this.inner.close();
    writeReport(this.file, this.masker.value(this.events));
  }
}

export { checkReportPath } from './report-path.js';

/** Writes the report whole or not at all (a temporary file renamed into place). */
export function writeReport(file: string, events: RunEvent[]): void {
  const text = renderReportHtml(buildReportModel(events));
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, file);
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  }
}

/** The events of a saved `--json` stream; a line that is not one is an input error naming it. */
export function readEventStream(file: string): RunEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const events: RunEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let ev: unknown;
    try {
      ev = JSON.parse(line);
    } catch {
      ev = undefined;
    }
    const name = (ev as { event?: unknown } | undefined)?.event;
    if (typeof name !== 'string')
      throw new InputError(
        `not an event of \`fabplay run --json\`: ${line.slice(0, 80)}`,
        { file, line: i + 1, col: 1 },
        'give the file that `fabplay run ... --json > FILE` wrote',
      );
    if (PUBLIC_EVENTS.has(name)) events.push(ev as RunEvent);
  });
  if (!events.length)
    throw new InputError(
      `${file}: no events`,
      undefined,
      'give the file that `fabplay run ... --json > FILE` wrote',
    );
  return events;
}
