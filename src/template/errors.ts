import type { FileErrorMark } from './loader.js';
import { ExitCode, FabError, InputError, type SourcePos } from '../errors.js';
import type { UndefinedOrigin } from './undefined.js';

/**
 * A template used a variable (or an attribute) that does not exist. The task fails (exit 2),
 * like Ansible's AnsibleUndefinedVariable; never rendered as an empty string.
 */
export class UndefinedVariableError extends FabError {
  constructor(
    /** the undefined name, dotted for attributes: `foo` or `foo.bar` */
    readonly variable: string,
    /** the template text that used it */
    readonly expression: string,
    pos?: SourcePos,
    /** what went wrong without the expression: `'foo' is undefined` */
    readonly detail: string = `'${variable}' is undefined`,
    /** what Jinja2's undefined held, when the error came from one (its words: undefined-message.ts) */
    readonly origin?: UndefinedOrigin,
  ) {
    super(`${detail} in "${expression}"`, ExitCode.TASK_FAILED, pos, undefinedHint(variable));
  }

  /** The same error placed at a source position (the task's, or a line of a template file). */
  at(pos: SourcePos): UndefinedVariableError {
    return new UndefinedVariableError(this.variable, this.expression, pos, this.detail, this.origin);
  }
}

/** A template that does not parse (unclosed `{{`, unknown filter ...): bad input, exit 3. */
export class TemplateSyntaxError extends InputError {
  constructor(
    readonly detail: string,
    readonly expression: string,
    pos?: SourcePos,
    hint?: string,
  ) {
    super(`template error: ${detail} in "${expression}"`, pos, hint);
  }

  at(pos: SourcePos): TemplateSyntaxError {
    return new TemplateSyntaxError(this.detail, this.expression, pos, this.hint);
  }
}

/** A template that parses but fails while it runs (a filter's bad input, `mandatory`, a loop of vars): the task fails. */
export class TemplateRuntimeError extends FabError {
  constructor(
    readonly detail: string,
    readonly expression: string,
    pos?: SourcePos,
    hint?: string,
    /**
     * raised by a filter or test (a FilterError): Ansible's task `msg` is then the detail alone,
     * or for its TypeErrors (FilterTypeError) the detail in its "Unexpected templating type error"
     */
    readonly byFilter: false | 'error' | 'type' = false,
    /** a Python exception Ansible lets through (PyException): its class */
    readonly pyClass?: string,
  ) {
    super(`template error: ${detail} in "${expression}"`, ExitCode.TASK_FAILED, pos, hint);
  }

  at(pos: SourcePos): TemplateRuntimeError {
    return new TemplateRuntimeError(
      this.detail,
      this.expression,
      pos,
      this.hint,
      this.byFilter,
      this.pyClass,
    );
  }
}

export type TemplateError = UndefinedVariableError | TemplateSyntaxError | TemplateRuntimeError;

export function isTemplateError(e: unknown): e is TemplateError {
  return (
    e instanceof UndefinedVariableError ||
    e instanceof TemplateSyntaxError ||
    e instanceof TemplateRuntimeError
  );
}

/**
 * Thrown from inside filters and the runtime, before the expression is known; the Templar turns it
 * into one of the errors above with the expression and position.
 */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** A filter's TypeError in Ansible (AnsibleFilterTypeError): its task `msg` wraps the message. */
export class FilterTypeError extends FilterError {}

/**
 * A lookup's options are wrong, or ask for what fabplay lacks (Ansible's AnsibleOptionsError):
 * the task fails even under the lookup's `errors='ignore'` or `'warn'`.
 */
export class LookupOptionsError extends FilterError {}

/**
 * A Python exception that Ansible's templating does not turn into an AnsibleError
 * (ZeroDivisionError): a task's arguments that raise it give a result with the traceback
 * (`exception`) and no `msg`, and in a loop only that item fails.
 */
export class PyException extends FilterError {
  constructor(
    readonly pyClass: string,
    message: string,
  ) {
    super(message);
  }
}

function undefinedHint(variable: string): string {
  const root = String(variable).split(/[.[]/)[0];
  if (root !== variable) return `check the key names, or guard it with '| default(...)' or 'is defined'`;
  return `define '${root}' (inventory, vars, defaults, register/set_fact), or guard it with '| default(...)' or 'is defined'`;
}

/** A template error's line in a template file (and which file), carried to the error replacing it. */
export function copyLine(from: unknown, to: object): void {
  const { templateLine, templateFile } = from as FileErrorMark;
  if (templateLine !== undefined) (to as FileErrorMark).templateLine = templateLine;
  if (templateFile !== undefined) (to as FileErrorMark).templateFile = templateFile;
}
