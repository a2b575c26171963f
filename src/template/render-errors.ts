import { readFileSync } from 'node:fs';
import type { SourcePos } from '../errors.js';
import {
  FilterError,
  FilterTypeError,
  PyException,
  TemplateRuntimeError,
  TemplateSyntaxError,
  UndefinedVariableError,
  copyLine,
  isTemplateError,
  type TemplateError,
} from './errors.js';
import type { FileErrorMark } from './loader.js';
import { UndefinedAccess } from './undefined.js';

/** How Templar turns what a render threw into its template errors, placed where they happened. */

/** A template file's error, placed at the line of the file it happened in (an included one too). */
export function fileError(e: unknown, text: string, name: string): unknown {
  const mark = e as FileErrorMark;
  const line = mark.templateLine;
  const file = mark.templateFile ?? name;
  let source = text;
  if (mark.templateFile && mark.templateFile !== name) {
    try {
      source = readFileSync(mark.templateFile, 'utf8');
    } catch {
      source = '';
    }
  }
  // the expression shown is the template's own line, not the whole file
  const lineText = line !== undefined ? (source.split('\n')[line - 1] ?? '').trim() : '';
  const shown = lineText || file;
  return placed(withExpression(e, shown), { file, line: line ?? 1, col: 1 }, shown, true);
}

export function unsafeConditional(text: string, pos: SourcePos | undefined): TemplateError {
  const e = new TemplateRuntimeError(
    'Conditional is marked as unsafe, and cannot be evaluated.',
    text,
    undefined,
    'text from a host, a lookup or !unsafe is compared as a value (when: x == "..."), never run as a condition',
  );
  return pos ? e.at(pos) : e;
}

/** Turns whatever a render threw into one of our template errors, naming the expression. */
export function asTemplateError(e: unknown, expression: string): TemplateError | Error {
  if (isTemplateError(e)) return e;
  if (e instanceof UndefinedAccess) {
    const err = new UndefinedVariableError(e.variable, expression, undefined, e.detail, e.origin);
    copyLine(e, err);
    return err;
  }
  if (e instanceof FilterError || e instanceof Error) {
    if (e instanceof RangeError && /call stack/.test(e.message))
      return new TemplateRuntimeError('recursion too deep (a value that contains itself?)', expression);
    const err = new TemplateRuntimeError(
      e.message,
      expression,
      undefined,
      undefined,
      e instanceof FilterTypeError ? 'type' : e instanceof FilterError && 'error',
      e instanceof PyException ? e.pyClass : undefined,
    );
    copyLine(e, err);
    return err;
  }
  return new TemplateRuntimeError(String(e), expression);
}

/** The same template error showing another expression (a template file's line instead of its text). */
function withExpression(e: unknown, expression: string): unknown {
  let err: unknown;
  if (e instanceof UndefinedVariableError)
    err = new UndefinedVariableError(e.variable, expression, e.pos, e.detail, e.origin);
  else if (e instanceof TemplateSyntaxError)
    err = new TemplateSyntaxError(e.detail, expression, e.pos, e.hint);
  else if (e instanceof TemplateRuntimeError)
    err = new TemplateRuntimeError(e.detail, expression, e.pos, e.hint, e.byFilter, e.pyClass);
  else return e;
  copyLine(e, err as object);
  return err;
}

/** Gives a template error the position of what was templated (unless it has a better one). */
export function placed(e: unknown, pos: SourcePos | undefined, expression: string, force = false): unknown {
  let err = e;
  if (!isTemplateError(err)) {
    if (!(err instanceof UndefinedAccess) && !(err instanceof FilterError)) return err;
    err = asTemplateError(err, expression);
  }
  const te = err as TemplateError;
  if (!pos || (te.pos && !force)) return te;
  const located = te.at(pos);
  copyLine(te, located);
  return located;
}
