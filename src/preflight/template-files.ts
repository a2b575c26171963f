import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { SourcePos } from '../errors.js';
import { displayPath } from '../playbook/read-yaml.js';
import { templateSyntaxError } from '../template/index.js';
import { isVaultFile } from '../vault/controller-file.js';
import { warnLacking } from './expressions.js';
import type { Problems } from './problems.js';
import { forgetAfterRun } from '../util/run-scope.js';

/**
 * A template file a task names with a literal `src`: its syntax (unknown filters and tests too),
 * and blocks left open, reported at the line where the block opened (the parser only notices at
 * the end of the file). Checked once per file.
 */

/** Tags that open a block, and the tag that closes each. */
const BLOCKS: Record<string, string> = {
  if: 'endif',
  for: 'endfor',
  block: 'endblock',
  macro: 'endmacro',
  call: 'endcall',
  filter: 'endfilter',
  raw: 'endraw',
  with: 'endwith',
};
const ENDS = new Map(Object.entries(BLOCKS).map(([k, v]) => [v, k]));
/** `{% set x %}...{% endset %}` is a block; `{% set x = 1 %}` is not */
const SET_BLOCK = /^set\s+[\w.,\s]+$/;

interface Tag {
  name: string;
  line: number;
  col: number;
}

/** The statement tags of a template text, in order, with where each starts. */
function tags(text: string): Tag[] {
  const out: Tag[] = [];
  const lines = text.split('\n');
  let inRaw = false;
  lines.forEach((l, i) => {
    for (const m of l.matchAll(/\{%[-+]?\s*(\w+)([^%]*)%\}/g)) {
      const name = m[1]!;
      if (inRaw && name !== 'endraw') continue;
      if (name === 'raw') inRaw = true;
      if (name === 'endraw') inRaw = false;
      const body = `${name}${m[2] ?? ''}`.replace(/[-+]$/, '').trim();
      const kind = name === 'set' ? (SET_BLOCK.test(body) ? 'set' : '') : name;
      if (kind) out.push({ name: kind, line: i + 1, col: (m.index ?? 0) + 1 });
    }
  });
  return out;
}

/** Blocks opened and never closed, or closed by the wrong tag: the first such mistake. */
function blockMistake(text: string): { tag: Tag; message: string; hint: string } | undefined {
  const stack: Tag[] = [];
  for (const t of tags(text)) {
    const opens = t.name in BLOCKS || t.name === 'set';
    if (opens) {
      stack.push(t);
      continue;
    }
    const opener = t.name === 'endset' ? 'set' : ENDS.get(t.name);
    if (!opener) continue;
    const top = stack.pop();
    if (!top)
      return {
        tag: t,
        message: `'{% ${t.name} %}' closes no block`,
        hint: 'remove it, or open the block first',
      };
    if (top.name !== opener)
      return {
        tag: top,
        message: `'{% ${top.name} %}' is closed by '{% ${t.name} %}' (line ${t.line})`,
        hint: `close it with '{% ${closer(top.name)} %}' before line ${t.line}`,
      };
  }
  const open = stack.pop();
  if (open)
    return {
      tag: open,
      message: `'{% ${open.name} %}' is never closed`,
      hint: `add '{% ${closer(open.name)} %}' where the block ends`,
    };
  return undefined;
}

function closer(name: string): string {
  return name === 'set' ? 'endset' : BLOCKS[name]!;
}

const checked = forgetAfterRun(new Set<string>());

/** Where Ansible's template action looks for a relative src: the role's and the playbook's dirs. */
export function findTemplate(src: string, dirs: string[]): string | undefined {
  if (isAbsolute(src)) return existsSync(src) ? src : undefined;
  for (const d of dirs) {
    for (const p of [join(d, 'templates', src), join(d, src)])
      if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return undefined;
}

/** Checks one template file once per process (a role used by many plays is read once). */
export function checkTemplateFile(file: string, out: Problems): void {
  const key = resolve(file);
  if (checked.has(key)) return;
  checked.add(key);
  if (isVaultFile(file)) return;
  const text = readFileSync(file, 'utf8');
  const shown = displayPath(file);
  const at = (line: number, col = 1): SourcePos => ({ file: shown, line, col });
  const blocks = blockMistake(text);
  if (blocks) {
    out.error(at(blocks.tag.line, blocks.tag.col), `template: ${blocks.message}`, blocks.hint);
    return;
  }
  const e = templateSyntaxError(text);
  if (!e) return;
  const line = (e as { templateLine?: number }).templateLine ?? 1;
  if (warnLacking(e, at(line), 'template: ', '', out)) return;
  out.error(at(line), `template: ${e.detail.replace(/ \(line \d+\)$/, '')}`, e.hint);
}

/** For tests: forget which files were checked. */
export function forgetCheckedTemplates(): void {
  checked.clear();
}
