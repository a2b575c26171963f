import { createRequire } from 'node:module';
import type { ChalkInstance } from 'chalk';

let loaded: ChalkInstance | undefined;

/**
 * chalk, loaded by the first colored text: output that is not a terminal (CI, a pipe, a file)
 * has no color, and such a run never loads chalk nor Node's tty module its color detection
 * requires (about 3 ms of a one-task run's start).
 */
export function chalk(): ChalkInstance {
  return (loaded ??= (createRequire(import.meta.url)('chalk') as { default: ChalkInstance }).default);
}
