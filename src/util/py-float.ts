/**
 * Python's float where JavaScript has one kind of number. A JavaScript number that is not whole
 * (0.5, nan, inf) can only be a float; a whole one is an int unless it is boxed in a PyFloat, which
 * marks the float that happens to be whole (`1.0`, `10 / 2`). Ints, the common case, stay plain
 * numbers; a PyFloat compares, adds and converts with Number() as its value does, prints as Python's
 * repr ('1.0', '1e+16') and is written to JSON as its number (the JSON writers that must show '1.0'
 * ask isFloat).
 */

/** known across copies of this file (tsx may load one as ESM and one as CommonJS), unlike instanceof */
const BRAND = Symbol.for('fabplay.float');

export class PyFloat {
  constructor(readonly value: number) {}
  get [BRAND](): true {
    return true;
  }
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return floatRepr(this.value);
  }
  toJSON(): number {
    return this.value;
  }
}

/** The float `n`: boxed when whole, so that it keeps printing as a float. */
export function pyFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

/** True for a whole float in its box. */
export function isBoxedFloat(v: unknown): v is PyFloat {
  return typeof v === 'object' && v !== null && (v as { [BRAND]?: true })[BRAND] === true;
}

/** The plain number of a boxed float; anything else as it is. */
export function unboxFloat<T>(v: T | PyFloat): T | number {
  return isBoxedFloat(v) ? v.value : v;
}

/** True for a Python float: a PyFloat, or a number that is not whole. */
export function isFloat(v: unknown): v is number | PyFloat {
  return typeof v === 'number' ? !Number.isInteger(v) : isBoxedFloat(v);
}

/**
 * Python's repr() of a float: the shortest digits that read back the same (as JavaScript finds
 * them), in positional notation for exponents -4 to 15 and scientific beyond ('1e+16', '1e-05').
 */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  const [mantissa, exp] = Math.abs(n).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const frac = digits.slice(1);
    const pow = `${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
    return `${sign}${digits[0]}${frac ? '.' + frac : ''}e${pow}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  return `${sign}${whole}.${digits.slice(e + 1) || '0'}`;
}

const FLOAT_MARK = '\u0000fabplay-float:';

/** A number token JSON.parse would not read as a float: a whole one with a point or an exponent, NaN, Infinity. */
function needsMark(tok: string): boolean {
  if (tok.startsWith('"')) return false;
  if (/[NI]/.test(tok)) return true;
  return /[.eE]/.test(tok) && Number.isInteger(Number(tok));
}

/**
 * JSON.parse as Python's json.loads reads numbers: one written with a point or an exponent is a
 * float even when whole (`[1.0]` is [1.0]), and NaN, Infinity and -Infinity are floats too. Such
 * numbers are turned into marked strings before parsing and back into floats by the reviver; text
 * without them parses as usual.
 */
export function parseJsonFloats(text: string): unknown {
  if (!/\d[.eE]|NaN|Infinity/.test(text)) return JSON.parse(text);
  let marked = false;
  const src = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NaN|-?Infinity/g, (tok) => {
    if (!needsMark(tok)) return tok;
    marked = true;
    return JSON.stringify(FLOAT_MARK + tok);
  });
  if (!marked) return JSON.parse(text);
  return JSON.parse(src, (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith(FLOAT_MARK) ? pyFloat(Number(v.slice(FLOAT_MARK.length))) : v,
  );
}

const FLOAT_TEXT_MARK = '\u0000fabplay-float-text:';
const MARKED_FLOAT_TEXT = /"\\u0000fabplay-float-text:([^"]*)"/g;

/**
 * JSON.stringify, with floats written as Python's json does: `1.0`, `1e-05`, `NaN`, `Infinity`
 * (JavaScript would write 1, 0.00001 and null). Each float is first written as a marked string,
 * then unquoted.
 */
export function stringifyFloats(value: unknown, indent?: number): string {
  let marked = false;
  const text = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      // the replacer sees what toJSON made of a PyFloat; the holder still has the box
      const own = this[key];
      if (!isFloat(own)) return v;
      marked = true;
      const n = Number(own);
      const shown = Number.isNaN(n)
        ? 'NaN'
        : !Number.isFinite(n)
          ? n > 0
            ? 'Infinity'
            : '-Infinity'
          : floatRepr(n);
      return FLOAT_TEXT_MARK + shown;
    },
    indent,
  );
  return marked ? text.replace(MARKED_FLOAT_TEXT, '$1') : text;
}
