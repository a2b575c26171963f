import { InputError, type SourcePos } from '../errors.js';
import type { Play } from '../playbook/types.js';
import { isTemplateError } from '../template/errors.js';

/**
 * A play field rendered when the play starts. One that cannot be rendered (an undefined variable
 * in `hosts`, in a vars_files name, in `serial`) stops the run before any host runs the play, as
 * Ansible stops it with an error (its exit 4 or 1): here it is invalid input (exit 3) at the
 * field, not a task that failed.
 */
export function renderedPlayField<T>(
  play: Play,
  field: string,
  render: () => T,
  at?: { pos?: SourcePos; hint?: string },
): T {
  try {
    return render();
  } catch (e) {
    throw playFieldError(play, field, e, at);
  }
}

/** A template error of a play field as the error that stops the run; any other error as it is. */
export function playFieldError(
  play: Play,
  field: string,
  e: unknown,
  at?: { pos?: SourcePos; hint?: string },
): unknown {
  if (!isTemplateError(e)) return e;
  return new InputError(
    `play "${play.name}": the field '${field}' has an invalid value: ${e.message}`,
    at?.pos ?? play.pos,
    at?.hint ?? e.hint,
  );
}
