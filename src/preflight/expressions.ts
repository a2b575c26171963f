import type { SourcePos } from '../errors.js';
import { expressionSyntaxError, templateSyntaxError } from '../template/index.js';
import type { TemplateSyntaxError } from '../template/errors.js';
import { posOf } from '../yaml/load.js';
import type { Problems } from './problems.js';
import { ANSIBLE_FILTERS, ANSIBLE_TESTS } from '../template/ansible-plugin-names.js';

/**
 * The syntax of every template a playbook holds, checked before the run: bare conditions
 * (`when`, `changed_when`, `failed_when`, `until`) and every string with `{{ }}` / `{% %}` in
 * module arguments and keywords. Unknown filters and tests are syntax errors, as in Jinja2.
 * Values are not known yet: they are templated (and judged) when the task runs.
 */

/** Keywords whose value is a bare expression (or a list of them), never a `{{ }}` template. */
export const CONDITION_KEYWORDS = ['when', 'changed_when', 'failed_when', 'until'] as const;

const HINT = 'check the {{ }} / {% %} pairs, the quotes and the filter and test names';

/**
 * Reports a template's syntax error; a filter or test that Ansible has and fabplay lacks is valid
 * Ansible, so it is a warning (the task fails if it runs), not a reason to refuse the playbook.
 */
function report(e: TemplateSyntaxError, pos: SourcePos, what: string, text: string, out: Problems): void {
  if (warnLacking(e, pos, `${what}: `, ` in "${text}"`, out)) return;
  out.error(pos, `${what}: ${e.detail} in "${text}"`, e.hint ?? HINT);
}

/**
 * When the error is a filter or test that Ansible has and fabplay lacks, warns (the task fails if
 * it runs) and returns true: that is valid Ansible, never a reason to refuse the playbook.
 */
export function warnLacking(
  e: TemplateSyntaxError,
  pos: SourcePos,
  prefix: string,
  suffix: string,
  out: Problems,
): boolean {
  const lacking = /^no (filter|test) named '([^']+)'/.exec(e.detail);
  if (!lacking || !(lacking[1] === 'filter' ? ANSIBLE_FILTERS : ANSIBLE_TESTS).has(lacking[2]!)) return false;
  out.warn(
    pos,
    `${prefix}fabplay has no ${lacking[1]} '${lacking[2]}' (Ansible has)${suffix}`,
    'the task fails if it runs; run this play with ansible-playbook, or write it without that ' + lacking[1],
  );
  return true;
}

/** Checks one condition keyword's value. */
export function checkCondition(value: unknown, where: SourcePos, keyword: string, out: Problems): void {
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, i) => {
    if (typeof item !== 'string') return;
    const e = expressionSyntaxError(item);
    const pos = (Array.isArray(value) ? posOf(value, i) : undefined) ?? where;
    if (e) report(e, pos, keyword, item.trim(), out);
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
    if (e) report(e, where, what, value.trim(), out);
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
