import { literalEval } from '../util/py-literal.js';

/**
 * Native types: a string that is one `{{ expression }}` and nothing else keeps the expression's
 * value (`"{{ 3 }}"` -> 3, `"{{ [1, 2] }}"` -> a list, a dict stays a dict); anything else renders
 * to text (`"a{{ 1 }}"` -> "a1").
 */

let native = false;

/** Ansible's jinja2_native setting (ANSIBLE_JINJA2_NATIVE, [defaults] jinja2_native), for the run. */
export function setJinja2Native(on: boolean): void {
  native = on;
}

export function jinja2Native(): boolean {
  return native;
}

/**
 * What jinja2_native makes of a template's output (Ansible's ansible_native_concat): a value that
 * is not text stays as it is; text that is a Python literal becomes its value (`'12'` -> 12,
 * `'True'` -> true, `'[1]'` -> a list); a quoted string keeps its quotes; other text stays text.
 */
export function nativeValue(out: unknown): unknown {
  if (typeof out !== 'string') return out;
  const r = literalEval(out);
  if (!r) return out;
  return typeof r.value === 'string' ? `${out[0]}${r.value}${out[0]}` : r.value;
}

/** True when the text holds template syntax at all; plain strings skip nunjucks entirely. */
export function isTemplate(s: string): boolean {
  return s.includes('{{') || s.includes('{%') || s.includes('{#');
}

/**
 * The expression inside `{{ ... }}` when the whole string is that one expression, else undefined.
 * Quotes are respected, so `{{ '}}' }}` is one expression.
 */
export function singleExpression(s: string): string | undefined {
  if (!s.startsWith('{{') || !s.endsWith('}}')) return undefined;
  let quote = '';
  let depth = 0;
  for (let i = 2; i < s.length - 1; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' && s[i + 1] !== '{' && s[i + 1] !== '%') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === '}' && s[i + 1] === '}') {
      if (i !== s.length - 2) return undefined;
    } else if (c === '{' && (s[i + 1] === '{' || s[i + 1] === '%')) return undefined;
  }
  if (quote) return undefined;
  let inner = s.slice(2, -2);
  // whitespace control marks `{{- x -}}` mean nothing for a lone expression
  if (inner.startsWith('-')) inner = inner.slice(1);
  if (inner.endsWith('-')) inner = inner.slice(0, -1);
  return inner.trim() ? inner : undefined;
}

/** The variable a single-expression template stores its value in. */
export const NATIVE_SLOT = '__fabplay_native_value';

/** Template text that stores an expression's value in NATIVE_SLOT instead of printing it. */
export function nativeSource(expr: string): string {
  return `{% set ${NATIVE_SLOT} = ${expr} %}`;
}

/**
 * Makes tag code that Jinja2 accepts and nunjucks does not parseable by nunjucks, outside quotes:
 * - Jinja2's lexer balances braces, so `{{ {'a': {'b': 1}} }}` is one expression; nunjucks ends the
 *   tag at the first `}}`: a space goes between a dict's closing brace and a following `}`.
 * - `item.0.name` (an index written as an attribute, common with subelements loops) becomes
 *   `item[0].name`.
 * `{% raw %}` sections are copied as they are.
 */
export function normalizeTags(src: string): string {
  if (!src.includes('}}') && !/\.\d/.test(src)) return src;
  let out = '';
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{', i);
    if (open < 0 || open === src.length - 1) return out + src.slice(i);
    const kind = src[open + 1];
    if (kind !== '{' && kind !== '%') {
      out += src.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    const stop = rawSectionEnd(src, open);
    if (stop !== undefined) {
      out += src.slice(i, stop);
      i = stop;
      continue;
    }
    out += src.slice(i, open + 2);
    i = open + 2;
    let quote = '';
    let depth = 0;
    for (; i < src.length; i++) {
      const c = src[i]!;
      if (quote) {
        out += c;
        if (c === '\\' && i + 1 < src.length) out += src[++i];
        else if (c === quote) quote = '';
      } else if (c === '.' && /\d/.test(src[i + 1] ?? '') && endsWithName(out)) {
        const digits = /^\d+/.exec(src.slice(i + 1))![0];
        out += `[${digits}]`;
        i += digits.length;
      } else {
        out += c;
        if (c === '"' || c === "'") quote = c;
        else if (c === '{') depth++;
        else if (c === '}' && depth > 0) {
          depth--;
          if (src[i + 1] === '}') out += ' ';
        } else if (
          depth === 0 &&
          ((kind === '{' && c === '}') || (kind === '%' && c === '%')) &&
          src[i + 1] === '}'
        ) {
          out += '}';
          i += 2;
          break;
        }
      }
    }
  }
  return out;
}

/** Where a `{% raw %}` section opening at `open` ends (after its endraw), or undefined if none opens there. */
export function rawSectionEnd(src: string, open: number): number | undefined {
  if (!/^\{%-?\s*raw\s*-?%\}/.test(src.slice(open, open + 20))) return undefined;
  const end = /\{%-?\s*endraw\s*-?%\}/g;
  end.lastIndex = open;
  const m = end.exec(src);
  return m ? m.index + m[0].length : src.length;
}

/** True when the text ends with a name (not a number) or a closing bracket: `x.0` is an index there. */
function endsWithName(text: string): boolean {
  const last = text[text.length - 1];
  if (last === ']' || last === ')') return true;
  const m = /[A-Za-z0-9_]+$/.exec(text);
  return !!m && /^[A-Za-z_]/.test(m[0]);
}
