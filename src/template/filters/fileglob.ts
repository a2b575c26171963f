import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fnmatch } from '../../util/fnmatch.js';
import { pyStr } from '../python.js';
import type { FilterTable } from './types.js';

/**
 * Ansible's fileglob filter: Python's glob.glob of the pattern, keeping regular files only. Each
 * path segment may hold wildcards; like Python's glob, a wildcard does not match a leading dot.
 */

const WILD = /[*?[]/;

function expand(dirs: string[], segment: string): string[] {
  if (!WILD.test(segment)) return dirs.map((d) => path.join(d, segment));
  const re = fnmatch(segment);
  return dirs.flatMap((d) => {
    let names: string[];
    try {
      names = readdirSync(d || '.');
    } catch {
      return [];
    }
    return names
      .filter((n) => re.test(n) && (segment.startsWith('.') || !n.startsWith('.')))
      .sort()
      .map((n) => (d ? path.join(d, n) : n));
  });
}

export const fileglobFilters: FilterTable = {
  fileglob(value) {
    const pattern = pyStr(value);
    const absolute = pattern.startsWith('/');
    const segments = pattern.split('/').filter((s) => s !== '');
    let found = [absolute ? '/' : ''];
    for (const s of segments) found = expand(found, s);
    return found.filter((p) => p && statSync(p, { throwIfNoEntry: false })?.isFile());
  },
};
