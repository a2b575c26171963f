import type { RunState } from './state.js';
import { warningText } from '../output/warnings.js';

/**
 * A warning the executor gives itself, as Ansible's display gives one: wrapped, each distinct
 * text once per run, whichever host gives it first (Display.warning keeps the warnings it showed).
 */
export function warnOnce(run: RunState, host: string, text: string): void {
  const warned = (run.warned ??= new Set());
  if (warned.has(text)) return;
  warned.add(text);
  run.out.emit({ event: 'log', host, msg: warningText(text), level: 0 });
}
