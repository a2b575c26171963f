import { literalEval } from '../util/py-literal.js';
import { isTimeValue } from './datetime.js';
import { isPlainObject, pyStr } from './python.js';
import { isTuple } from '../util/py-tuple.js';

/**
 * What a template gives without jinja2_native, as Ansible 2.14's ansible_eval_concat: text, read
 * back as the Python literal it spells when it starts with [ or { or is True/False.
 */

/**
 * A template of several parts: its text, or the literal it spells (`'{{ "" }}{"a": 1}'` is a
 * dict, JSON's true/false/null included); any other text stays text.
 */
export function concatValue(text: string): unknown {
  if (!/^[[{]/.test(text) && text !== 'True' && text !== 'False') return text;
  const r = literalEval(text, true);
  return r ? r.value : text;
}

/**
 * A template of one expression `expr` whose value is `v`: None prints as nothing (finalize); a
 * list, dict or boolean stays (its text reads back the same); a number, a date or a tuple is its
 * text (`(1, 2)` does not start with [ or {, so Ansible keeps the text); a string reads back as
 * above, except what a text filter or lookup made.
 */
export function expressionValue(v: unknown, expr: string): unknown {
  if (isTimeValue(v) || isTuple(v)) return pyStr(v);
  if (v === null) return '';
  if (typeof v === 'boolean' || Array.isArray(v) || isPlainObject(v)) return v;
  if (typeof v === 'string') return keepsText(expr) ? v : concatValue(v);
  return pyStr(v);
}

/**
 * Ansible's NativeJinjaText: what the last step of `expr` makes is never read back. The filters of
 * its STRING_TYPE_FILTERS (`{{ x | to_json }}` is JSON text, not the dict it reads as), and
 * lookup('template', ..., convert_data=False).
 */
export function keepsText(expr: string): boolean {
  if (
    /\blookup\s*\(\s*['"](?:ansible\.builtin\.)?template['"].*\bconvert_data\s*=\s*(?:False|false)\s*\)\s*-?$/s.test(
      expr,
    )
  )
    return true;
  return /\|\s*(?:ansible\.builtin\.)?(?:string|to_json|to_nice_json|to_yaml|to_nice_yaml|ppretty|json)\s*(?:\((?:[^()]|\([^()]*\))*\))?\s*-?$/.test(
    expr,
  );
}

/**
 * keepsText with jinja2_native on for the run: lookup('template') gives text too unless its own
 * jinja2_native is true (Ansible wraps it in NativeJinjaText then).
 */
export function keepsNativeText(expr: string): boolean {
  if (keepsText(expr)) return true;
  const lookup = /\blookup\s*\(\s*['"](?:ansible\.builtin\.)?template['"].*\)\s*-?$/s.exec(expr);
  return !!lookup && !/\bjinja2_native\s*=\s*(?:True|true)\b/.test(lookup[0]);
}
