import { FilterError } from './errors.js';
import { DAYS, MONTHS, pad } from './time-names.js';

/** The parts of a moment, in UTC or in the controller's local time (as Python's datetime.now()). */
function parts(d: Date, utc: boolean) {
  const g = utc
    ? {
        Y: d.getUTCFullYear(),
        m: d.getUTCMonth(),
        d: d.getUTCDate(),
        H: d.getUTCHours(),
        M: d.getUTCMinutes(),
        S: d.getUTCSeconds(),
        w: d.getUTCDay(),
      }
    : {
        Y: d.getFullYear(),
        m: d.getMonth(),
        d: d.getDate(),
        H: d.getHours(),
        M: d.getMinutes(),
        S: d.getSeconds(),
        w: d.getDay(),
      };
  const j = Math.floor((Date.UTC(g.Y, g.m, g.d) - Date.UTC(g.Y, 0, 1)) / 86400000) + 1;
  return { ...g, j };
}

/** Python's strftime for the directives playbooks use; an unknown one is refused, not guessed. */
export function strftime(d: Date, fmt: string, utc: boolean, microsecond?: number): string {
  const p = parts(d, utc);
  const us = pad(microsecond ?? d.getMilliseconds() * 1000, 6);
  const off = utc ? 0 : -d.getTimezoneOffset();
  const codes: Record<string, () => string> = {
    Y: () => String(p.Y),
    y: () => pad(p.Y % 100),
    m: () => pad(p.m + 1),
    d: () => pad(p.d),
    H: () => pad(p.H),
    I: () => pad(p.H % 12 || 12),
    p: () => (p.H < 12 ? 'AM' : 'PM'),
    M: () => pad(p.M),
    S: () => pad(p.S),
    f: () => us,
    j: () => pad(p.j, 3),
    a: () => DAYS[p.w]!.slice(0, 3),
    A: () => DAYS[p.w]!,
    b: () => MONTHS[p.m]!.slice(0, 3),
    B: () => MONTHS[p.m]!,
    w: () => String(p.w),
    s: () => String(Math.floor(d.getTime() / 1000)),
    z: () =>
      utc ? '' : `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`,
    Z: () =>
      utc
        ? ''
        : (Intl.DateTimeFormat('en', { timeZoneName: 'short' })
            .formatToParts(d)
            .find((x) => x.type === 'timeZoneName')?.value ?? ''),
    '%': () => '%',
  };
  return fmt.replace(/%(.)/g, (_m, c: string) => {
    const f = codes[c];
    if (!f) throw new FilterError(`the strftime directive %${c} is not supported by fabplay`);
    return f();
  });
}
