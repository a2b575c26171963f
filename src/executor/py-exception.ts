import { formatPos, type SourcePos } from '../errors.js';
import type { ModuleResult } from '../modules/types.js';
import { TemplateRuntimeError } from '../template/errors.js';

/**
 * A Python exception that Ansible's templating lets through (template/errors.ts PyException, such
 * as ZeroDivisionError) fails a task with Python's traceback in `exception`, in Ansible's shapes.
 */

/** Python's traceback form (its last line is what Ansible's callback shows), naming where it was raised. */
function pyTraceback(e: TemplateRuntimeError, where: string): string {
  return `Traceback (most recent call last):\n  ${where}\n${e.pyClass}: ${e.detail}\n`;
}

/** A task argument that raised one: the result is `{changed: false, failed: true, exception}`. */
export class PyExceptionFailure extends Error {
  constructor(readonly exception: string) {
    super(exception.trimEnd().split('\n').at(-1));
  }

  /** Ansible's _execute returns it before the module runs (no failed_when, until); a loop's item only */
  result(): ModuleResult {
    return { changed: false, failed: true, exception: this.exception };
  }
}

/** The failure of argument `k` (`raw` as written) when its template raised such an exception. */
export function pyArgFailure(
  e: unknown,
  k: string,
  raw: unknown,
  pos: SourcePos,
): PyExceptionFailure | undefined {
  if (!(e instanceof TemplateRuntimeError) || !e.pyClass) return undefined;
  return new PyExceptionFailure(
    pyTraceback(e, `argument '${k}' of the task at ${formatPos(pos)}: ${JSON.stringify(raw)}`),
  );
}

/** Ansible's TaskExecutor.run result when one is raised outside the arguments (a loop's expression). */
export function unexpectedFailure(e: unknown, where: string): ModuleResult | undefined {
  if (!(e instanceof TemplateRuntimeError) || !e.pyClass) return undefined;
  return {
    failed: true,
    msg: `Unexpected failure during module execution: ${e.detail}`,
    exception: pyTraceback(e, where),
    stdout: '',
  };
}
