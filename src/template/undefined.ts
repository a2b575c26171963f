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

/** The value, for json.dumps: an undefined inside (a plain one from an inline if) fails. */
export function jsonReady<T>(v: T, depth = 0): T {
  if (v instanceof Undefined) v.fail();
  if (depth > 32 || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) for (const x of v) jsonReady(x, depth + 1);
  else if (Object.getPrototypeOf(v) === Object.prototype)
    for (const x of Object.values(v)) jsonReady(x, depth + 1);
  return v;
}
