import path from 'node:path';
import { FilterError } from '../errors.js';
import { pyStr } from '../python.js';
import { pyTuple } from '../../util/py-tuple.js';
import { expandVars } from '../../util/os-path.js';
import type { FilterTable } from './types.js';

/** Ansible's path filters besides data.ts's: expandvars, relpath and the Windows ones (ntpath). */

/** ntpath.splitdrive (Python 3.11): `C:` or a UNC `\\host\share`, and the rest. */
function splitDrive(p: string): [string, string] {
  if (p.length >= 2) {
    const norm = p.replace(/\//g, '\\');
    if (norm.startsWith('\\\\')) {
      const start = norm.slice(0, 8).toUpperCase() === '\\\\?\\UNC\\' ? 8 : 2;
      const index = norm.indexOf('\\', start);
      if (index === -1) return [p, ''];
      const index2 = norm.indexOf('\\', index + 1);
      if (index2 === -1) return [p, ''];
      return [p.slice(0, index2), p.slice(index2)];
    }
    if (norm[1] === ':') return [p.slice(0, 2), p.slice(2)];
  }
  return ['', p];
}

/** ntpath.split: the head (trailing separators dropped unless it is all separators) and the last part. */
function winSplit(p: string): [string, string] {
  const [d, rest] = splitDrive(p);
  let i = rest.length;
  while (i && !'\\/'.includes(rest[i - 1]!)) i--;
  const head = rest.slice(0, i);
  const trimmed = head.replace(/[\\/]+$/, '');
  return [d + (trimmed || head), rest.slice(i)];
}

export const osPathFilters: FilterTable = {
  expandvars: (value) => expandVars(pyStr(value)),
  // os.path.relpath against the controller's working directory
  relpath(value, start: unknown = '.') {
    const p = pyStr(value);
    if (!p) throw new FilterError('no path specified');
    const from = pyStr(start);
    if (!from) throw new FilterError('no path specified');
    return path.posix.relative(path.resolve(from), path.resolve(p)) || '.';
  },
  win_splitdrive: (value) => pyTuple(splitDrive(pyStr(value))),
  win_basename: (value) => winSplit(pyStr(value))[1],
  win_dirname: (value) => winSplit(pyStr(value))[0],
};
