import { statSync } from 'node:fs';
import type { JinjaSyntax } from './compiler.js';
import { FilterError, LookupOptionsError } from './errors.js';
import { templateVars } from './file-vars.js';
import { TemplateLoader } from './loader.js';
import { findFile, readControllerText } from './lookup-files.js';
import type { LookupHost } from './lookups.js';
import { jinja2Native } from './native.js';
import { isPlainObject, pyStr, truthy, typeName } from './python.js';
import { iniValue } from '../util/py-literal.js';

/**
 * lookup('template') as ansible-core 2.14's: each term a template file (under templates/ first),
 * rendered with the host's variables, Ansible's template_* and ansible_managed, and template_vars;
 * the Jinja2 delimiters may be changed; convert_data reads a literal-looking result as data.
 */

const TAG_OPTIONS: Record<string, keyof NonNullable<JinjaSyntax['tags']>> = {
  variable_start_string: 'variableStart',
  variable_end_string: 'variableEnd',
  comment_start_string: 'commentStart',
  comment_end_string: 'commentEnd',
};

/** lookup('template')'s options that change the Jinja2 syntax. */
function templateLookupSyntax(kw: Record<string, unknown>): JinjaSyntax | undefined {
  const tags: NonNullable<JinjaSyntax['tags']> = {};
  for (const [k, tag] of Object.entries(TAG_OPTIONS)) if (kw[k] !== undefined) tags[tag] = pyStr(kw[k]);
  return Object.keys(tags).length ? { tags } : undefined;
}

/**
 * The variables a template file sees besides the host's: Ansible's template_* for the file and
 * its ansible_managed, then the lookup's template_vars.
 */
function templateFileVars(name: string, file: string, given: unknown): Record<string, unknown> {
  if (given !== undefined && given !== null && !isPlainObject(given))
    throw new LookupOptionsError(`lookup('template'): template_vars must be a dict, got ${typeName(given)}`);
  return {
    ...templateVars(name, file, statSync(file), null),
    ansible_managed: 'Ansible managed',
    ...(given ?? {}),
  };
}

/**
 * convert_data (Ansible's ansible_eval_concat): a rendered text that starts with `{` or `[`, or is
 * True/False, is read as a Python (or JSON) literal; when it is not one, the text stays.
 */
function convertData(text: string): unknown {
  const t = text.trimEnd();
  if (!/^[[{]/.test(t) && t !== 'True' && t !== 'False') return text;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    const v = iniValue(t);
    return typeof v === 'string' ? text : v;
  }
}

/** The rendered text of each term's template file. */
export function templateLookup(h: LookupHost, terms: unknown[], kw: Record<string, unknown>): unknown[] {
  const syntax = templateLookupSyntax(kw);
  return terms.map((t) => {
    const p = findFile(h.searchPaths, pyStr(t), 'templates');
    if (!p) throw new FilterError(`the template file ${pyStr(t)} could not be found for the lookup`);
    const text = h
      .withVars(templateFileVars(pyStr(t), p, kw.template_vars))
      .renderFile(readControllerText(p, pyStr(t)), p, TemplateLoader.forLookup(h.searchPaths, p, syntax));
    // with jinja2_native on for the run, the text is read back only with the lookup's own jinja2_native
    const convert = truthy(kw.convert_data ?? true) && (!jinja2Native() || truthy(kw.jinja2_native ?? false));
    return convert ? convertData(text) : text;
  });
}
