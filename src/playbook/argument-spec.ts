import { join } from 'node:path';
import { InputError } from '../errors.js';
import { posOf } from '../yaml/load.js';
import { displayPath, readYaml } from './read-yaml.js';
import { checkArgumentSpecsFile } from './schema.js';
import type { ArgumentSpec, ArgumentSpecOption, RoleInstance } from './types.js';
import { findYamlFile } from './vars-files.js';
import { isBoxedFloat } from '../util/py-float.js';

/**
 * meta/argument_specs.yml (or argument_specs: in meta/main.yml), and the check Ansible runs when a
 * role starts: required options, types with Ansible's conversions, choices, list elements and
 * nested options.
 */

/** Reads the spec of one entry point (`main`, or the tasks_from name); undefined when none. */
export function parseArgumentSpecs(
  rolePath: string,
  metaDoc: Record<string, unknown> | undefined,
  entryPoint: string,
): ArgumentSpec | undefined {
  const file = findYamlFile(join(rolePath, 'meta'), 'argument_specs');
  let doc: unknown;
  let where: string;
  if (file) {
    doc = readYaml(file);
    where = displayPath(file);
  } else if (metaDoc && 'argument_specs' in metaDoc) {
    doc = { argument_specs: metaDoc.argument_specs };
    where = displayPath(join(rolePath, 'meta/main.yml'));
  } else return undefined;
  // Ansible reads `(doc or {}).get('argument_specs') or {}`: an empty file, a file that is not a
  // mapping, or an empty `argument_specs:` is a role without a spec
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const given = (doc as { argument_specs?: unknown }).argument_specs;
  const empty = typeof given === 'object' && given !== null && Object.keys(given).length === 0;
  if (!given || empty) return undefined;
  checkArgumentSpecsFile(doc, where);
  const specs = (doc as { argument_specs: Record<string, Record<string, unknown>> }).argument_specs;
  const entry = specs[entryPoint];
  if (!entry) return undefined;
  return {
    short_description: entry.short_description as string | undefined,
    options: (entry.options ?? {}) as Record<string, ArgumentSpecOption>,
    pos: posOf(entry) ?? { file: where, line: 1, col: 1 },
  };
}

const TRUE = ['yes', 'on', 'true', '1', 'y', 't'];
const FALSE = ['no', 'off', 'false', '0', 'n', 'f'];

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Ansible's type check with its conversions; returns the converted value, or an error text. */
export function convert(type: string, v: unknown): { ok: true; value: unknown } | { ok: false; msg: string } {
  const bad = (what: string) => ({ ok: false as const, msg: `expected ${what}, got ${describe(v)}` });
  switch (type) {
    case 'raw':
      return { ok: true, value: v };
    case 'str':
    case 'path':
      if (typeof v === 'string') return { ok: true, value: v };
      if (typeof v === 'number' || typeof v === 'boolean' || isBoxedFloat(v))
        return { ok: true, value: String(v) };
      return bad('a string');
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return { ok: true, value: v };
      if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return { ok: true, value: parseInt(v, 10) };
      return bad('an integer');
    case 'float':
      if (typeof v === 'number' || isBoxedFloat(v)) return { ok: true, value: v };
      if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
        return { ok: true, value: Number(v) };
      return bad('a number');
    case 'bool':
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (v === 1 || v === 0) return { ok: true, value: v === 1 };
      if (typeof v === 'string' && TRUE.includes(v.toLowerCase())) return { ok: true, value: true };
      if (typeof v === 'string' && FALSE.includes(v.toLowerCase())) return { ok: true, value: false };
      return bad('a boolean');
    case 'list':
      if (Array.isArray(v)) return { ok: true, value: v };
      if (typeof v === 'string') return { ok: true, value: v.split(',') };
      if (typeof v === 'number' || isBoxedFloat(v)) return { ok: true, value: [String(v)] };
      return bad('a list');
    case 'dict':
      if (v && typeof v === 'object' && !Array.isArray(v)) return { ok: true, value: v };
      if (typeof v === 'string') {
        try {
          const j = JSON.parse(v) as unknown;
          if (j && typeof j === 'object' && !Array.isArray(j)) return { ok: true, value: j };
        } catch {
          /* Ansible also takes k=v,k2=v2 */
        }
        const pairs = v.split(/[,\s]+/).filter(Boolean);
        if (pairs.length && pairs.every((p) => /^[^=]+=/.test(p)))
          return {
            ok: true,
            value: Object.fromEntries(pairs.map((p) => [p.split('=')[0], p.slice(p.indexOf('=') + 1)])),
          };
      }
      return bad('a mapping');
    default:
      return { ok: true, value: v };
  }
}

function checkOptions(
  options: Record<string, ArgumentSpecOption>,
  values: Record<string, unknown>,
  prefix: string,
): string[] {
  const msgs: string[] = [];
  for (const [name, opt] of Object.entries(options)) {
    const label = prefix + name;
    const v = values[name];
    if (v === undefined || v === null) {
      if (opt.required) msgs.push(`missing required argument: ${label}`);
      continue;
    }
    if (typeof v === 'string' && v.includes('{{')) continue; // not templated yet: the executor passes rendered values
    const c = convert(opt.type ?? 'str', v);
    if (!c.ok) {
      msgs.push(`argument '${label}': ${c.msg}`);
      continue;
    }
    let value = c.value;
    if (Array.isArray(value) && opt.elements) {
      const converted: unknown[] = [];
      value.forEach((item, i) => {
        const e = convert(opt.elements!, item);
        if (!e.ok) msgs.push(`argument '${label}[${i}]': ${e.msg}`);
        else converted.push(e.value);
      });
      value = converted;
    }
    if (opt.choices) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items)
        if (!opt.choices.some((ch) => ch === item || String(ch) === String(item)))
          msgs.push(
            `argument '${label}' is ${JSON.stringify(item)}; it must be one of: ${opt.choices.map(String).join(', ')}`,
          );
    }
    if (opt.options) {
      const subs = Array.isArray(value) ? value : [value];
      subs.forEach((sub, i) => {
        if (sub && typeof sub === 'object' && !Array.isArray(sub)) {
          const p = Array.isArray(value) ? `${label}[${i}].` : `${label}.`;
          msgs.push(...checkOptions(opt.options!, sub as Record<string, unknown>, p));
          for (const k of Object.keys(sub))
            if (!(k in opt.options!)) msgs.push(`argument '${p}${k}' is not a known option`);
        }
      });
    }
  }
  return msgs;
}

/**
 * Checks variable values against the role's argument spec (entry point main). `vars` are the
 * values the role sees (role params, play vars, extra vars, defaults...), already templated.
 * Returns one message per problem, empty when all is fine or the role has no spec.
 */
export function checkArgumentSpec(role: RoleInstance, vars: Record<string, unknown>): string[] {
  if (!role.argumentSpec) return [];
  return checkOptions(role.argumentSpec.options, vars, '').map((m) => `role '${role.name}': ${m}`);
}

/** An InputError for a role's spec problems, pointing at the spec. */
export function argumentSpecError(role: RoleInstance, msgs: string[]): InputError {
  return new InputError(
    msgs.join('; '),
    role.argumentSpec?.pos,
    `see ${join(role.path, 'meta/argument_specs.yml')}`,
  );
}
