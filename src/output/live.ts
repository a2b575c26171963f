import type { Masker } from './masking.js';
import type { Output, RunEvent } from './events.js';
import { PlainOutput } from './plain.js';

/** The terminal view (listr2); until it lands, colored plain lines. */
export class LiveOutput implements Output {
  private plain: PlainOutput;
  constructor(masker: Masker, opts: { diff: boolean }) {
    this.plain = new PlainOutput(masker, { verbosity: 0, color: true, diff: opts.diff });
  }
  emit(ev: RunEvent): void {
    this.plain.emit(ev);
  }
  close(): Promise<void> {
    return this.plain.close();
  }
}
