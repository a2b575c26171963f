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
  ) {}

  /** Fails with this undefined's name. */
  fail(): never {
    throw new UndefinedAccess(this.variable, this.detail);
  }

  toString(): string {
    return this.fail();
  }
}

/** Raised inside the runtime; the Templar adds the expression and the position. */
export class UndefinedAccess extends Error {
  constructor(
    readonly variable: string,
    readonly detail: string,
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
