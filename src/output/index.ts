import type { RunRequest } from '../executor/api.js';
import type { Output } from './events.js';
import type { Masker } from './masking.js';
import { JsonOutput } from './json.js';
import { PlainOutput } from './plain.js';
import { DEFAULT_CALLBACK_OPTIONS } from './callback-options.js';
import { standardOutput } from './stdio.js';

/**
 * --json: JSON lines; a terminal (not CI): the listr2 live view (imported only then: listr2 takes
 * a noticeable part of the start-up), with every result's details at -v; else plain lines, and
 * at -vv and more (task paths, connection commands: debugging output, read as a log).
 */
export async function createOutput(req: RunRequest, masker: Masker): Promise<Output> {
  if (req.json) return new JsonOutput(masker);
  const tty = standardOutput.isTerminal() && !process.env.CI;
  if (tty && req.verbosity <= 1) {
    const { LiveOutput } = await import('./live.js');
    return new LiveOutput(masker, {
      diff: req.diff,
      verbosity: req.verbosity,
      warningsShown: req.warningsShown,
    });
  }
  return new PlainOutput(masker, {
    verbosity: req.verbosity,
    color: tty,
    diff: req.diff,
    check: req.check,
    callback: req.callback ?? DEFAULT_CALLBACK_OPTIONS,
    warningsShown: req.warningsShown,
  });
}
