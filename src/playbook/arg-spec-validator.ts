import { convert } from './arg-spec-convert.js';
import type { ArgumentSpecOption } from './types.js';
import { pyStr } from '../template/python.js';
import { isBoxedFloat, isFloat } from '../util/py-float.js';

/**
 * Ansible's ArgumentSpecValidator, as validate_argument_spec runs it: an argument spec given as
 * data, checked in Ansible's order (required, types, choices, nested options, unknown names last)
 * with its messages. The conversions are the role check's (argument-spec.ts convert).
 */

/**
 * Keys ArgumentSpecValidator acts on that this check does not implement: a spec with one is
 * refused. It implements type, required, default, choices, elements, options, aliases and no_log
 * (which only hides values, and a check shows none); every other key Ansible ignores too
 * (description, version_added, ...).
 */
const REFUSED = new Set([
  'mutually_exclusive',
  'required_together',
  'required_one_of',
  'required_if',
  'required_by',
  'apply_defaults',
  'fallback',
  'deprecated_aliases',
  'removed_in_version',
  'removed_at_date',
  'removed_from_collection',
]);

/** What specKeyRefused's finding is told as. */
export const IMPLEMENTED_SPEC_KEYS =
  'type, required, default, choices, elements, options, aliases and no_log';

/** The first spec key (at any depth) fabplay does not implement, as `name.key`; undefined when none. */
export function specKeyRefused(spec: Record<string, unknown>, prefix = ''): string | undefined {
  for (const [name, opt] of Object.entries(spec)) {
    if (!opt || typeof opt !== 'object') continue;
    const bad = Object.keys(opt).find((k) => REFUSED.has(k));
    if (bad) return `${prefix}${name}.${bad}`;
    const sub = (opt as ArgumentSpecOption).options;
    const deeper =
      sub && typeof sub === 'object' && specKeyRefused(sub as Record<string, unknown>, `${prefix}${name}.`);
    if (deeper) return deeper;
  }
  return undefined;
}

/** Python's type() of a value, as Ansible's messages show it; `text`: a text's class (text-origin.ts) */
export function pyClass(v: unknown, text?: string): string {
  if (typeof v === 'string' && text) return `<class '${text}'>`;
  const name =
    v === null || v === undefined
      ? 'NoneType'
      : typeof v === 'boolean'
        ? 'bool'
        : typeof v === 'number' || isBoxedFloat(v)
          ? isFloat(v)
            ? 'float'
            : 'int'
          : typeof v === 'string'
            ? 'str'
            : Array.isArray(v)
              ? 'list'
              : 'dict';
  return `<class '${name}'>`;
}

const WANTED: Record<string, string> = {
  int: 'an int',
  float: 'a float',
  bool: 'a bool',
  list: 'a list',
  dict: 'a dict',
};

/** Ansible's type checker: the converted value, or the reason it gives */
function checked(type: string, v: unknown): { value: unknown } | { why: string } {
  const c = convert(type, v);
  if (c.ok) return { value: c.value };
  if (type === 'bool' && typeof v === 'string')
    return {
      why: `The value '${v}' is not a valid boolean.  Valid booleans include: 'f', 0, 'no', 1.0, 'off', 'true', 'y', 't', 'false', '0', 'yes', 'n', 1, 0.0, '1', 'on'`,
    };
  return { why: `${pyClass(v)} cannot be converted to ${WANTED[type] ?? type}` };
}

interface Context {
  errors: string[];
  /** unknown names, with the names their level supports (its aliases in parentheses) */
  unsupported: { name: string; supported: string }[];
  /**
   * only some values are known (the preflight: the others come from the inventory or a template):
   * no 'missing required arguments', and no defaults filled in and checked for the others
   */
  partial?: boolean;
  /** the Python class of each top-level text value, where it is not plain str (text-origin.ts) */
  textClasses?: Record<string, string>;
}

/** One mapping of values and the spec it answers to; prefix and context say where it sits */
interface Level {
  spec: Record<string, ArgumentSpecOption>;
  params: Record<string, unknown>;
  /** `opts.` or `hosts[1].`, for element messages */
  prefix: string;
  /** the names of the options above, for `found in` */
  context: string[];
}

function found(msg: string, context: string[]): string {
  return context.length ? `${msg} found in ${context.join(' -> ')}` : msg;
}

/** Ansible's list of a level's names: the options, then every alias in one pair of parentheses. */
function supportedNames(spec: Record<string, ArgumentSpecOption>): string {
  const aliases = Object.values(spec).flatMap((o) => o.aliases ?? []);
  const names = Object.keys(spec).sort().join(', ');
  return aliases.length ? `${names} (${aliases.sort().join(', ')})` : names;
}

/** An alias's value is the option's (the last alias given wins, as in Ansible's _handle_aliases). */
function takeAliases(spec: Record<string, ArgumentSpecOption>, params: Record<string, unknown>): Set<string> {
  const legal = new Set(Object.keys(spec));
  for (const [k, opt] of Object.entries(spec))
    for (const alias of opt.aliases ?? []) {
      legal.add(alias);
      if (alias in params) params[k] = params[alias];
    }
  return legal;
}

function checkLevel(level: Level, out: Context): void {
  const { spec, params, context } = level;
  const names = Object.keys(spec);
  const legal = takeAliases(spec, params);
  for (const k of Object.keys(params))
    if (!legal.has(k))
      out.unsupported.push({ name: [...context, k].join('.'), supported: supportedNames(spec) });
  const missing = names.filter((k) => spec[k]!.required && !(k in params));
  if (missing.length && !out.partial)
    out.errors.push(found(`missing required arguments: ${missing.sort().join(', ')}`, context));
  // defaults fill what is missing (no required option has one: Ansible refuses that spec)
  if (!out.partial)
    for (const k of names) if (!(k in params) && spec[k]!.default !== undefined) params[k] = spec[k]!.default;
  checkTypes(level, out);
  checkChoices(level, out);
  checkSubOptions(level, out);
}

function checkTypes({ spec, params, prefix, context }: Level, out: Context): void {
  for (const [k, opt] of Object.entries(spec)) {
    const v = params[k];
    if (v === undefined || v === null) continue;
    const type = opt.type ?? 'str';
    const c = checked(type, v);
    if ('why' in c) {
      const where = context.length ? ` found in '${context.join(' -> ')}'.` : '';
      const cls = pyClass(v, context.length ? undefined : out.textClasses?.[k]);
      out.errors.push(
        `argument '${k}' is of type ${cls}${where} and we were unable to convert to ${type}: ${c.why.split(pyClass(v)).join(cls)}`,
      );
      continue;
    }
    params[k] = c.value;
    if (type !== 'list' || !opt.elements || !Array.isArray(c.value)) continue;
    params[k] = c.value.map((item: unknown) => {
      const e = checked(opt.elements!, item);
      if ('value' in e) return e.value;
      const where = context.length ? ` found in '${context.join(' -> ')}'` : '';
      out.errors.push(
        `Elements value for option '${prefix}${k}'${where} is of type ${pyClass(item)} and we were unable to convert to ${opt.elements}: ${e.why}`,
      );
      return item;
    });
  }
}

/** Python's `in` over a choices list: 1 == 1.0 == True, '1' is no 1 */
const isChoice = (choices: unknown[], v: unknown): boolean =>
  choices.some((c) => c === v || (typeof c !== 'string' && typeof v !== 'string' && Number(c) === Number(v)));

function checkChoices({ spec, params, context }: Level, out: Context): void {
  for (const [k, opt] of Object.entries(spec)) {
    const v = params[k];
    if (!opt.choices || v === undefined) continue;
    const shown = opt.choices.map(pyStr).join(', ');
    if (Array.isArray(v)) {
      const diff = v.filter((item) => !isChoice(opt.choices!, item));
      if (diff.length)
        out.errors.push(
          found(
            `value of ${k} must be one or more of: ${shown}. Got no match for: ${diff.map(pyStr).join(', ')}`,
            context,
          ),
        );
    } else if (!isChoice(opt.choices, v))
      out.errors.push(found(`value of ${k} must be one of: ${shown}, got: ${pyStr(v)}`, context));
  }
}

function checkSubOptions({ spec, params, prefix, context }: Level, out: Context): void {
  for (const [k, opt] of Object.entries(spec)) {
    const isList = opt.type === 'list' && opt.elements === 'dict';
    if (!opt.options || (opt.type !== 'dict' && !isList) || params[k] === undefined || params[k] === null)
      continue;
    const v = params[k];
    const elements = Array.isArray(v) ? v : [v];
    elements.forEach((sub: unknown, i) => {
      if (!sub || typeof sub !== 'object' || Array.isArray(sub)) {
        out.errors.push(`value of '${k}' must be of type dict or list of dicts`);
        return;
      }
      const p = `${prefix}${k}${isList ? `[${i}]` : ''}.`;
      checkLevel(
        { spec: opt.options!, params: sub as Record<string, unknown>, prefix: p, context: [...context, k] },
        out,
      );
    });
  }
}

/** A copy of the mappings and lists the check fills in (defaults, converted values) */
function copied(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copied);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copied(x)]));
  return v;
}

/** Ansible's error messages for these values against the spec, in its order; empty when they pass. */
export function argumentSpecErrors(
  spec: Record<string, ArgumentSpecOption>,
  params: Record<string, unknown>,
  opts: { partial?: boolean; textClasses?: Record<string, string> } = {},
): string[] {
  const out: Context = { errors: [], unsupported: [], partial: opts.partial, textClasses: opts.textClasses };
  checkLevel({ spec, params: copied(params) as Record<string, unknown>, prefix: '', context: [] }, out);
  if (out.unsupported.length) {
    const names = out.unsupported.map((u) => u.name).sort();
    const supported = out.unsupported[out.unsupported.length - 1]!.supported;
    out.errors.push(`${names.join(', ')}. Supported parameters include: ${supported}.`);
  }
  return out.errors;
}
