/**
 * Jinja2's StrictUndefined as Ansible uses it: a missing variable is a value that may be tested
 * (`is defined`), defaulted (`| default`) or chained (`foo.bar` keeps the first failure), and that
 * fails as soon as it is printed, iterated, compared or used in a condition.
 */
export class Undefined {
  constructor(
    /** what was looked up, as written: `foo`, `foo.bar` */
    readonly variable: string,
    /** `'foo' is undefined`, `'foo' has no attribute 'bar'` */
    readonly detail: string = `'${variable}' is undefined`,
    /** what Ansible's AnsibleUndefined holds, for its repr (python.ts); a variable's name by default */
    readonly origin: UndefinedOrigin = { name: variable },
  ) {}

  /** Fails with this undefined's name. */
  fail(): never {
    throw new UndefinedAccess(this.variable, this.detail, this.origin);
  }

  toString(): string {
    return this.fail();
  }
}

/**
 * The three fields of Jinja2's Undefined that Python's repr() shows
 * (`AnsibleUndefined(hint=None, obj=missing, name='foo')`): `"%r" | format(x)`, str() of a list
 * holding one. `obj` absent: Jinja2's `missing` (a variable, not a member, was looked up).
 */
export interface UndefinedOrigin {
  hint?: string;
  obj?: { value: unknown };
  name?: unknown;
}

/**
 * Jinja2's plain Undefined, which its compiler gives for the missing else of an inline if
 * (`'z' if false`) whatever undefined the environment uses: it prints as nothing, is false, empty
 * and of length 0, repr `Undefined`; arithmetic, attributes, items and JSON fail with its hint.
 */
export class PlainUndefined extends Undefined {
  constructor(line: number) {
    super(
      'inline if',
      `the inline if-expression on line ${line} evaluated to false and no else section was defined.`,
    );
  }

  override toString(): string {
    return '';
  }
}

/** Jinja2's `undefined(hint)`: no variable or member, only the words it fails with (an empty `| first`). */
export function hinted(what: string, hint: string): Undefined {
  return new Undefined(what, hint, { hint });
}

/** Ansible's undef() without a hint */
export const UNDEF_HINT = 'Mandatory variable has not been overridden';

/** Raised inside the runtime; the Templar adds the expression and the position. */
export class UndefinedAccess extends Error {
  constructor(
    readonly variable: string,
    readonly detail: string,
    /** what Jinja2's undefined held (its message: undefined-message.ts) */
    readonly origin?: UndefinedOrigin,
  ) {
    super(detail);
    this.name = 'UndefinedAccess';
  }
}

export function isUndefined(v: unknown): v is Undefined {
  return v instanceof Undefined;
}

/** Fails when the value is undefined; returns it otherwise (for places that need a real value). */
export function defined<T>(v: T | Undefined): T {
  if (v instanceof Undefined) v.fail();
  return v as T;
}

/** The value, for json.dumps: an undefined inside (a plain one from an inline if) fails. */
export function jsonReady<T>(v: T, depth = 0): T {
  if (v instanceof Undefined) v.fail();
  if (depth > 32 || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) for (const x of v) jsonReady(x, depth + 1);
  else if (Object.getPrototypeOf(v) === Object.prototype)
    for (const x of Object.values(v)) jsonReady(x, depth + 1);
  return v;
}
