import { createRequire } from 'node:module';
import chalk from 'chalk';
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
    const before = asText(d.before);
    const after = asText(d.after);
    if (before === after) continue;
    diffLib ??= require('diff') as typeof import('diff');
    const patch = diffLib.createTwoFilesPatch(
      d.before_header ?? 'before',
      d.after_header ?? 'after',
      before,
      after,
      undefined,
      undefined,
      { context: 3 },
    );
    // drop the "=====" separator line the diff package puts first
    const lines = patch.split('\n').filter((l) => !/^={5,}$/.test(l) && !l.startsWith('Index: '));
    parts.push(lines.map((l) => (color ? colorLine(l) : l)).join('\n'));
  }
  return parts.join('\n');
}

/** Text as it is; a dict of state as Ansible's callback shows it: sorted keys, 4-space JSON. */
function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  return pythonJson(v) + '\n';
}

function colorLine(l: string): string {
  if (l.startsWith('+++') || l.startsWith('---')) return chalk.bold(l);
  if (l.startsWith('+')) return chalk.green(l);
  if (l.startsWith('-')) return chalk.red(l);
  if (l.startsWith('@@')) return chalk.cyan(l);
  return l;
}
