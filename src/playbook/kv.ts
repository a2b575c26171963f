import { pyEscapeAt } from '../util/py-escapes.js';
import { pyStrip } from '../util/py-text.js';

/**
 * Ansible's `key=value` argument strings (`copy: src=a dest="b c"`) and free-form text
 * (`command: chdir=/tmp ls -l`): split on spaces, but never inside quotes or `{{ }}` / `{% %}`.
 */

/** Splits like Ansible's split_args: tokens keep their quotes; Jinja2 spans stay whole. */
export function splitArgs(text: string): string[] {
  const tokens: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let jinjaDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const two = text.slice(i, i + 2);
    // as Ansible's split_args, Jinja2 spans are counted inside quotes too, and quotes inside them
    // (`msg="{{ x | default("a b") }}"` is one word)
    if (two === '{{' || two === '{%' || two === '{#') {
      jinjaDepth++;
      cur += two;
      i++;
      continue;
    }
    if (jinjaDepth > 0 && (two === '}}' || two === '%}' || two === '#}')) {
      jinjaDepth--;
      cur += two;
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < text.length && quote !== "'") {
      cur += c + text[i + 1];
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      if (!quote) quote = c;
      else if (quote === c) quote = undefined;
      cur += c;
      continue;
    }
    if (!quote && jinjaDepth === 0 && /\s/.test(c)) {
      if (cur) tokens.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (quote) throw new KvError(`unbalanced quote ${quote} in: ${text}`);
  if (jinjaDepth > 0) throw new KvError(`unbalanced '{{' or '{%' in: ${text}`);
  if (cur) tokens.push(cur);
  return tokens;
}

export class KvError extends Error {}

/** Removes one pair of matching outer quotes. */
export function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}

/**
 * `key=value` -> [key, value] when the token is one (the value stripped, then unquoted); the key is a plain identifier, or a template
 * (`set_fact: "{{ item }}=x"`: set_fact templates its keys).
 */
export function splitKeyValue(token: string): [string, string] | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9_]*\{\{[^=]*?\}\}[A-Za-z0-9_]*)=(.*)$/s.exec(token);
  // Python's strip: whitespace an escape decoded to (`x=\t`) goes, as in Ansible's parse_kv
  return m ? [m[1]!, unquote(pyStrip(m[2]!))] : undefined;
}

/**
 * Python's unicode-escape for the escapes Ansible's parse_kv decodes in each `key=value` token
 * (`regexp='\\b'` is a word boundary, `regexp='\b'` a backspace); others keep their backslash.
 */
export function decodeEscapes(token: string): string {
  return token.replace(
    /\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\'"abfnrtv])/g,
    (whole: string) => (pyEscapeAt(whole, 1) as { text: string }).text,
  );
}

export interface ParsedKv {
  args: Record<string, string>;
  /** words that were not key=value, in order (the free-form part) */
  rest: string[];
}

/**
 * Parses `a=1 b="x y" words`. With `onlyKeys`, only those keys are taken as arguments (free-form
 * modules: `chdir=/tmp echo a=b` keeps `a=b` in the command).
 */
export function parseKv(text: string, onlyKeys?: Set<string>): ParsedKv {
  const args: Record<string, string> = {};
  const rest: string[] = [];
  for (const tok of splitArgs(text)) {
    const kv = splitKeyValue(decodeEscapes(tok));
    if (kv && (!onlyKeys || onlyKeys.has(kv[0]))) args[kv[0]] = kv[1];
    else rest.push(tok);
  }
  return { args, rest };
}
