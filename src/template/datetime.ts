import { FilterError } from './errors.js';
import { strftime } from './now.js';
import { DAYS as DAY_NAMES, MONTHS as MONTH_NAMES, pad } from './time-names.js';
import { pyRepr, truthy } from './python.js';
import { splitKwargs } from './members.js';
import { type PyFloat, pyFloat } from '../util/py-float.js';

/**
 * Python's naive datetime and timedelta, as far as templates use what `to_datetime` gives:
 * comparison, subtraction (a timedelta with .days, .seconds, .total_seconds()), the fields,
 * strftime() and str(). Held as microseconds since 1970-01-01 on a clock without a time zone.
 */

const US_PER_DAY = 86_400_000_000;

export class PyDateTime {
  constructor(
    /** microseconds since 1970-01-01 00:00:00 (naive: no time zone) */
    readonly us: number,
  ) {}

  private get date(): Date {
    return new Date(Math.floor(this.us / 1000));
  }
  get year(): number {
    return this.date.getUTCFullYear();
  }
  get month(): number {
    return this.date.getUTCMonth() + 1;
  }
  get day(): number {
    return this.date.getUTCDate();
  }
  get hour(): number {
    return this.date.getUTCHours();
  }
  get minute(): number {
    return this.date.getUTCMinutes();
  }
  get second(): number {
    return this.date.getUTCSeconds();
  }
  get microsecond(): number {
    return ((this.us % 1_000_000) + 1_000_000) % 1_000_000;
  }
  /** naive: no time zone (Python's None) */
  get tzinfo(): null {
    return null;
  }

  strftime(fmt: unknown): string {
    return strftime(this.date, String(fmt), true, this.microsecond);
  }

  isoformat(sep: unknown = 'T'): string {
    return this.text(String(sep));
  }

  private text(sep: string): string {
    const d = this.date;
    const base =
      `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}${sep}` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return this.microsecond ? `${base}.${pad(this.microsecond, 6)}` : base;
  }

  /** Python's str(datetime) */
  toString(): string {
    return this.text(' ');
  }

  /** Ansible's JSON encoder writes a datetime as its isoformat() */
  toJSON(): string {
    return this.text('T');
  }

  valueOf(): number {
    return this.us;
  }
}

export class PyTimedelta {
  constructor(readonly us: number) {}

  get days(): number {
    return Math.floor(this.us / US_PER_DAY);
  }
  get seconds(): number {
    return Math.floor((this.us - this.days * US_PER_DAY) / 1_000_000);
  }
  get microseconds(): number {
    return this.us - this.days * US_PER_DAY - this.seconds * 1_000_000;
  }

  /** a float in Python, whole or not (7212.0) */
  total_seconds(): number | PyFloat {
    return pyFloat(this.us / 1_000_000);
  }

  /** Python's str(timedelta): `-1 day, 23:59:59`, `2 days, 1:00:00.500000` */
  toString(): string {
    const s = this.seconds;
    const clock = `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
    const frac = this.microseconds ? `.${pad(this.microseconds, 6)}` : '';
    const d = this.days;
    return (d ? `${d} day${Math.abs(d) === 1 ? '' : 's'}, ` : '') + clock + frac;
  }

  toJSON(): string {
    return this.toString();
  }

  valueOf(): number {
    return this.us;
  }
}

/**
 * Ansible's now(utc=False, fmt=None): Python's naive datetime of the controller's local time (or
 * UTC), or with fmt that moment's strftime() text.
 */
export function nowGlobal(...args: unknown[]): PyDateTime | string {
  const { pos, kw } = splitKwargs(args);
  const utc = truthy(kw.utc ?? pos[0] ?? false);
  const fmt = kw.fmt ?? pos[1];
  // microseconds of the wall clock, as Python's time.time(): performance.now() counts from the
  // process's start and does not follow the clock when it is set (a long-lived process drifted
  // seconds from it); it gives only the digits below the millisecond. Strictly increasing from
  // call to call, as Python's clock is between two now()
  const us = (lastNowUs = Math.max(
    Date.now() * 1000 + Math.floor((performance.now() % 1) * 1000),
    lastNowUs + 1,
  ));
  const d = new Date(Math.floor(us / 1000));
  if (typeof fmt === 'string') return strftime(d, fmt, utc, us % 1_000_000);
  const localMinutes = utc ? 0 : -d.getTimezoneOffset();
  return new PyDateTime(us + localMinutes * 60_000_000);
}
let lastNowUs = 0;

/** A datetime or timedelta: what a template's text shows as str() (Ansible renders to text). */
export function isTimeValue(v: unknown): v is PyDateTime | PyTimedelta {
  return v instanceof PyDateTime || v instanceof PyTimedelta;
}

/** `a - b` where either side is a datetime or timedelta; undefined when neither is. */
export function subtractTimes(a: unknown, b: unknown): PyDateTime | PyTimedelta | undefined {
  if (a instanceof PyDateTime && b instanceof PyDateTime) return new PyTimedelta(a.us - b.us);
  if (a instanceof PyDateTime && b instanceof PyTimedelta) return new PyDateTime(a.us - b.us);
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return new PyTimedelta(a.us - b.us);
  return undefined;
}

/** Two values Python orders as times: both datetimes or both timedeltas. */
export function isTimePair(a: unknown, b: unknown): boolean {
  return (
    (a instanceof PyDateTime && b instanceof PyDateTime) ||
    (a instanceof PyTimedelta && b instanceof PyTimedelta)
  );
}

// the names strftime writes, lower-cased: strptime matches them in any case
const FULL_MONTHS = MONTH_NAMES.map((m) => m.toLowerCase());
const MONTHS = FULL_MONTHS.map((m) => m.slice(0, 3));
const FULL_DAY_NAMES = DAY_NAMES.map((d) => d.toLowerCase());
const DAYS = `(?:${FULL_DAY_NAMES.map((d) => d.slice(0, 3)).join('|')})`;
const FULL_DAYS = `(?:${FULL_DAY_NAMES.join('|')})`;

/** What each strptime directive matches, and the field it sets. */
const DIRECTIVES: Record<string, [string, string | undefined]> = {
  Y: ['(\\d{4})', 'Y'],
  y: ['(\\d{2})', 'y'],
  m: ['(1[0-2]|0[1-9]|[1-9])', 'm'],
  d: ['(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])', 'd'],
  H: ['(2[0-3]|[0-1]\\d|\\d)', 'H'],
  I: ['(1[0-2]|0[1-9]|[1-9])', 'I'],
  M: ['([0-5]\\d|\\d)', 'M'],
  S: ['(6[0-1]|[0-5]\\d|\\d)', 'S'],
  f: ['(\\d{1,6})', 'f'],
  p: ['(am|pm)', 'p'],
  b: [`(${MONTHS.join('|')})`, 'b'],
  B: [`(${FULL_MONTHS.join('|')})`, 'B'],
  j: ['(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])', 'j'],
  a: [DAYS, undefined],
  A: [FULL_DAYS, undefined],
  '%': ['%', undefined],
};

/** Python's datetime.strptime(text, fmt) for the directives above; a mismatch is Python's ValueError text. */
export function strptime(text: string, fmt: string): PyDateTime {
  const fields: string[] = [];
  let source = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === '%' && i + 1 < fmt.length) {
      const d = DIRECTIVES[fmt[++i]!];
      if (!d) throw new FilterError(`'${fmt[i]}' is a bad directive in format '${fmt}'`);
      source += d[0];
      if (d[1]) fields.push(d[1]);
    } else if (/\s/.test(c)) source += '\\s+';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${source}`, 'i').exec(text);
  if (!m) throw new FilterError(`time data ${pyRepr(text)} does not match format ${pyRepr(fmt)}`);
  if (m[0].length < text.length)
    throw new FilterError(`unconverted data remains: ${text.slice(m[0].length)}`);
  const v: Record<string, string> = {};
  fields.forEach((f, i) => (v[f] = m[i + 1]!.trim()));
  let year = v.Y ? Number(v.Y) : v.y ? (Number(v.y) < 69 ? 2000 : 1900) + Number(v.y) : 1900;
  let month = v.m ? Number(v.m) : v.b ? MONTHS.indexOf(v.b.toLowerCase()) + 1 : 1;
  if (v.B) month = FULL_MONTHS.indexOf(v.B.toLowerCase()) + 1;
  let day = v.d ? Number(v.d) : 1;
  let hour = v.H ? Number(v.H) : 0;
  if (v.I) hour = (Number(v.I) % 12) + (v.p?.toLowerCase() === 'pm' ? 12 : 0);
  if (v.j && !v.m && !v.d) {
    const d = new Date(Date.UTC(year, 0, Number(v.j)));
    [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  }
  const ms = Date.UTC(year, month - 1, day, hour, Number(v.M ?? 0), Number(v.S ?? 0));
  if (new Date(ms).getUTCDate() !== day) throw new FilterError('day is out of range for month');
  return new PyDateTime(ms * 1000 + Number((v.f ?? '').padEnd(6, '0') || 0));
}
