import { strptime } from '../datetime.js';
import { FilterError } from '../errors.js';
import { splitKwargs } from '../members.js';
import { strftime } from '../now.js';
import { pyStr, truthy } from '../python.js';
import type { FilterTable } from './types.js';

/** Ansible's to_datetime and strftime filters. */

/** Python's float() of an epoch value: a number, or text that reads as one. */
function epochSeconds(second: unknown): number {
  if (typeof second === 'number' || typeof second === 'boolean') return Number(second);
  const text = typeof second === 'string' ? second.trim().replace(/_/g, '') : '';
  const n = text === '' ? NaN : Number(text);
  if (!Number.isFinite(n)) throw new FilterError(`Invalid value for epoch value (${pyStr(second)})`);
  return n;
}

export const timeFilters: FilterTable = {
  // Python's datetime.strptime; the default format is Ansible's
  to_datetime(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    return strptime(pyStr(value), pyStr(pos[0] ?? kw.format ?? '%Y-%m-%d %H:%M:%S'));
  },
  // time.strftime(format, localtime(second)) (gmtime with utc=True); no second: now
  strftime(format, ...args) {
    const { pos, kw } = splitKwargs(args);
    const second = pos[0] ?? kw.second;
    const utc = truthy(pos[1] ?? kw.utc ?? false);
    const at = second === undefined || second === null ? Date.now() : epochSeconds(second) * 1000;
    // time.localtime() drops the fraction of the second
    return strftime(new Date(Math.floor(at / 1000) * 1000), pyStr(format), utc);
  },
};
