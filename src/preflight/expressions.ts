import type { SourcePos } from '../errors.js';
import { expressionSyntaxError, templateSyntaxError } from '../template/index.js';
import { posOf } from '../yaml/load.js';
import type { Problems } from './problems.js';

/**
 * The syntax of every template a playbook holds, checked before the run: bare conditions
 * (`when`, `changed_when`, `failed_when`, `until`) and every string with `{{ }}` / `{% %}` in
 * module arguments and keywords. Unknown filters and tests are syntax errors, as in Jinja2.
 * Values are not known yet: they are templated (and judged) when the task runs.
 */

/** Keywords whose value is a bare expression (or a list of them), never a `{{ }}` template. */
export const CONDITION_KEYWORDS = ['when', 'changed_when', 'failed_when', 'until'] as const;

const HINT = 'check the {{ }} / {% %} pairs, the quotes and the filter and test names';

/** Checks one condition keyword's value. */
export function checkCondition(value: unknown, where: SourcePos, keyword: string, out: Problems): void {
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, i) => {
    if (typeof item !== 'string') return;
    const e = expressionSyntaxError(item);
    const pos = (Array.isArray(value) ? posOf(value, i) : undefined) ?? where;
    if (e) out.error(pos, `${keyword}: ${e.detail} in "${item.trim()}"`, e.hint ?? HINT);
  });
}

/** Checks every templated string in a value (deeply); `where` is the place of the value's key. */
export function checkTemplates(
  value: unknown,
  where: SourcePos,
  what: string,
  out: Problems,
  depth = 0,
): void {
  if (depth > 20) return;
  if (typeof value === 'string') {
    const e = templateSyntaxError(value);
    if (e) out.error(where, `${what}: ${e.detail} in "${value.trim()}"`, e.hint ?? HINT);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkTemplates(v, posOf(value, i) ?? where, what, out, depth + 1));
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    checkTemplates(v, posOf(value, k) ?? where, what, out, depth + 1);
}
