import { createRequire } from 'node:module';
import { chalk } from './paint.js';
import type { FileDiff } from '../modules/types.js';
import { pythonJson } from '../util/python-json.js';

const require = createRequire(import.meta.url);
// the diff package (its ~20 files) is loaded at the first diff shown: most runs show none; a
// CommonJS require, as rendering is synchronous
let diffLib: typeof import('diff') | undefined;

/** Unified diffs for file changes, before/after for other state; colored on a terminal. */
export function renderDiff(diff: unknown, color: boolean): string {
  const list = (Array.isArray(diff) ? diff : [diff]) as FileDiff[];
  const parts: string[] = [];
  for (const d of list) {
    if (!d || typeof d !== 'object') continue;
    // Ansible's callback shows a module's own `prepared` text as it is
    const prepared = (d as { prepared?: unknown }).prepared;
    if (typeof prepared === 'string') {
      parts.push(prepared.replace(/\n$/, ''));
      continue;
    }
    const before = asText(d.before);
    const after = asText(d.after);
    if (before === after) continue;
    diffLib ??= require('diff') as typeof import('diff');
    // Ansible's callback (_get_diff): "before: HEADER" / "after: HEADER", or the bare word
    const patch = diffLib.createTwoFilesPatch(
      d.before_header === undefined ? 'before' : `before: ${d.before_header}`,
      d.after_header === undefined ? 'after' : `after: ${d.after_header}`,
      before,
      after,
      undefined,
      undefined,
      { context: 3 },
    );
    // drop the "=====" separator line the diff package puts first
    const lines = patch
      .split('\n')
      .filter((l) => !/^={5,}$/.test(l) && !l.startsWith('Index: '))
      .map(pythonHunkHeader);
    parts.push(lines.map((l) => (color ? colorLine(l) : l)).join('\n'));
  }
  return parts.join('\n');
}

/** A hunk's range as Python's difflib writes it: a one-line range is its line number alone. */
function pythonHunkHeader(line: string): string {
  return line.startsWith('@@ ') ? line.replace(/([-+]\d+),1(?= )/g, '$1') : line;
}

/** Text as it is; a dict of state as Ansible's callback shows it: sorted keys, 4-space JSON. */
function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  return pythonJson(v) + '\n';
}

function colorLine(l: string): string {
  if (l.startsWith('+++') || l.startsWith('---')) return chalk().bold(l);
  if (l.startsWith('+')) return chalk().green(l);
  if (l.startsWith('-')) return chalk().red(l);
  if (l.startsWith('@@')) return chalk().cyan(l);
  return l;
}
