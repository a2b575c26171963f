import type { Masker } from './masking.js';
import type { Output, RunEvent } from './events.js';
import { stringifyFloats } from '../util/py-float.js';
import { standardError, standardOutput, type TextSink } from './stdio.js';

/** The events `--json` writes (and a run report reads). */
export const PUBLIC_EVENTS: ReadonlySet<string> = new Set([
  'playbook_start',
  'play_start',
  'batch_start',
  'task_start',
  'host_result',
  'rollout_stopped',
  'recap',
]);

/** `--json`: one JSON object per line on stdout; warnings go to stderr. */
export class JsonOutput implements Output {
  constructor(
    private masker: Masker,
    private out: TextSink = standardOutput,
    private err: TextSink = standardError,
  ) {}

  emit(ev: RunEvent): void {
    if (ev.event === 'log') {
      if (ev.level === 0) this.err.write(this.masker.text(ev.msg) + '\n');
      return;
    }
    if (!PUBLIC_EVENTS.has(ev.event)) return;
    this.out.write(stringifyFloats(this.masker.value(ev)) + '\n');
  }

  async close(): Promise<void> {}
}

/** Collects events in memory (tests, embedding). */
export class MemoryOutput implements Output {
  readonly events: RunEvent[] = [];
  emit(ev: RunEvent): void {
    this.events.push(ev);
  }
  async close(): Promise<void> {}
}
