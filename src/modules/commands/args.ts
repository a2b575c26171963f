import { InputError } from '../../errors.js';
import type { ArgTable } from '../lib/args.js';

/** Argument tables command, shell and script share, and the one way they report a bad argument. */

/** The arguments that decide whether command, shell or script runs, and where. */
export const guardArgs = {
  chdir: { type: 'string' },
  creates: { type: 'string' },
  removes: { type: 'string' },
} as const satisfies ArgTable;

/** The stdin arguments of command and shell. */
export const stdinArgs = {
  stdin: { type: 'string' },
  stdin_add_newline: { type: 'boolean', default: true },
  strip_empty_ends: { type: 'boolean', default: true },
} as const satisfies ArgTable;

/** A bad argument a schema cannot catch (a combination, a malformed value): exit 3, one line. */
export function argError(module: string, msg: string, hint?: string): InputError {
  return new InputError(`${module}: ${msg}`, undefined, hint);
}
