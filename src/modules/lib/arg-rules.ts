import type { ArgSpec, ArgTable } from './args.js';
import type * as FileAttrs from './file-attrs.js';
import { requireOwn } from '../../util/import-own.js';
import { boolOf } from '../../util/ansible-bool.js';
import { unboxFloat } from '../../util/py-float.js';
import { PY_INT_TEXT, refusesFloat } from './int-args.js';

/**
 * The checks Ansible's ArgumentSpecValidator makes on a module's arguments, declared as the
 * modules declare them (mutually_exclusive, required_if, required_one_of, required_together),
 * plus each argument's type and choices. One engine serves both the preflight (values written
 * as literals in the playbook; a templated value is known to be given, not what it is) and the
 * run (every value rendered). Messages follow Ansible's wording.
 */

export interface ArgRules {
  /** arguments that must not be given together */
  mutuallyExclusive?: ReadonlyArray<readonly string[]>;
  /**
   * [arg, value, needed, how, message]: when arg has value, needed must be given (all of them, or
   * one with 'any'); message is the module's own wording where it checks this itself
   */
  requiredIf?: ReadonlyArray<
    | readonly [string, unknown, readonly string[]]
    | readonly [string, unknown, readonly string[], 'any' | 'all', string?]
  >;
  /** at least one of each group */
  requiredOneOf?: ReadonlyArray<readonly string[]>;
  /** all or none of each group */
  requiredTogether?: ReadonlyArray<readonly string[]>;
  /** when the key is given, the arguments it lists must be given too */
  requiredBy?: Readonly<Record<string, readonly string[]>>;
  /**
   * the wording for a missing required argument (or a required_one_of group, its names joined
   * by |) where Ansible's action plugin checks it before the module does (copy: 'dest is required')
   */
  missingMessages?: Readonly<Record<string, string>>;
}

/** One problem with one task's arguments; `arg` names the argument it is about, if one. */
export interface ArgProblem {
  arg?: string;
  message: string;
  /** what to write instead */
  hint?: string;
  /** fabplay lacks this argument (or this value of it): Ansible would run it */
  unsupported?: boolean;
}

/** A value not known before the run: a template, rendered per host. */
export const UNKNOWN = Symbol('templated');

function shown(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}

/** Why a literal value is not of the argument's type (Ansible's check_type_*), or undefined. */
function typeProblem(spec: ArgSpec, given: unknown): string | undefined {
  // a whole float is checked as its number, as fabplay passes it (plainFloatArgs)
  const v = unboxFloat(given);
  switch (spec.type) {
    case 'boolean':
      return boolOf(v) === undefined ? `'${shown(v)}' is not a valid boolean` : undefined;
    case 'integer':
      if (refusesFloat(spec, given)) return `<class 'float'> cannot be converted to an int`;
      if (typeof v === 'number') return Number.isInteger(v) ? undefined : `${v} is not a whole number`;
      if (typeof v === 'string' && PY_INT_TEXT.test(v)) return undefined;
      return `'${shown(v)}' cannot be converted to an int`;
    case 'number':
      if (typeof v === 'number') return undefined;
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return undefined;
      return `'${shown(v)}' cannot be converted to a float`;
    case 'array':
    case 'stringlist':
      return Array.isArray(v) || typeof v === 'string' || typeof v === 'number'
        ? undefined
        : `'${shown(v)}' cannot be converted to a list`;
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? undefined
        : typeof v === 'string' && (v.trim().startsWith('{') || v.includes('='))
          ? undefined
          : `'${shown(v)}' cannot be converted to a dict`;
    case 'mode':
      if (typeof v !== 'string' && typeof v !== 'number') return `'${shown(v)}' is not a mode`;
      try {
        fileAttrs().checkModeArg(v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    default:
      return undefined;
  }
}

let fileAttrsModule: typeof FileAttrs | undefined;

/**
 * file-attrs.ts (and the stat code it holds), loaded with the first mode argument and kept: a
 * require() per check cost more than the check (every copy with a mode, on every host).
 */
function fileAttrs(): typeof FileAttrs {
  return (fileAttrsModule ??= requireOwn<typeof FileAttrs>('./file-attrs.js', import.meta.url));
}

function hintFor(spec: ArgSpec): string | undefined {
  switch (spec.type) {
    case 'boolean':
      return 'write true or false (yes/no also work)';
    case 'integer':
      return 'write a whole number';
    case 'number':
      return 'write a number';
    case 'mode':
      return "write an octal mode in quotes ('0644') or a symbolic one (u=rw,g=r,o=r)";
    case 'array':
    case 'stringlist':
      return 'write a list';
    case 'object':
      return 'write a mapping';
    default:
      return undefined;
  }
}

/** Whether a value is in the choices, as Ansible compares (after the type's conversion). */
function inChoices(spec: ArgSpec, v: unknown): boolean {
  const choices = spec.enum ?? [];
  if (choices.some((c) => c === v || String(c) === String(v))) return true;
  // YAML 1.1 made `yes` a boolean: Ansible maps it back when the choices hold such a word
  const b = boolOf(v);
  return typeof v === 'boolean' && choices.some((c) => typeof c === 'string' && boolOf(c) === b);
}

const canonicalNameMaps = new WeakMap<ArgTable, ReadonlyMap<string, string>>();
const tableEntries = new WeakMap<ArgTable, ReadonlyArray<readonly [string, ArgSpec]>>();
const remotePathNames = new WeakMap<ArgTable, readonly string[]>();

/**
 * A table's [name, spec] pairs, listed once: the arguments of every host and task are checked
 * against them, and listing them anew each time was a good part of what a task allocated.
 */
export function argEntries(table: ArgTable): ReadonlyArray<readonly [string, ArgSpec]> {
  let e = tableEntries.get(table);
  if (!e) tableEntries.set(table, (e = Object.entries(table)));
  return e;
}

/** The names of a table's `remotePath` arguments (expanded on the host), listed once. */
export function remotePathArgs(table: ArgTable): readonly string[] {
  let names = remotePathNames.get(table);
  if (!names)
    remotePathNames.set(
      table,
      (names = argEntries(table)
        .filter(([, s]) => s.remotePath)
        .map(([n]) => n)),
    );
  return names;
}

/**
 * Each name of a table's arguments (aliases too) to its canonical one. A table belongs to a
 * module and never changes: built once, not for every host and task.
 */
export function canonicalNames(table: ArgTable): ReadonlyMap<string, string> {
  let byName = canonicalNameMaps.get(table);
  if (!byName) {
    const m = new Map<string, string>();
    for (const [name, spec] of argEntries(table)) {
      m.set(name, name);
      for (const a of spec.aliases ?? []) m.set(a, name);
    }
    canonicalNameMaps.set(table, (byName = m));
  }
  return byName;
}

/** The canonical name of each argument given (aliases resolved), and the name it was given as. */
export function canonicalArgs(
  table: ArgTable,
  raw: Record<string, unknown>,
): { values: Map<string, unknown>; givenAs: Map<string, string>; unknown: string[] } {
  const byName = canonicalNames(table);
  const values = new Map<string, unknown>();
  const givenAs = new Map<string, string>();
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith('_')) continue;
    const name = byName.get(k);
    if (name === undefined) unknown.push(k);
    else if (v !== null && v !== undefined && !givenAs.has(name)) {
      values.set(name, v);
      givenAs.set(name, k);
    }
  }
  return { values, givenAs, unknown };
}

/**
 * The required arguments left out, in Ansible's words: one 'missing required arguments: a, b'
 * (sorted), or the module's own wording where Ansible's action plugin words it ('dest is required').
 */
export function missingArgsMessage(missing: readonly string[], rules: ArgRules): string | undefined {
  if (!missing.length) return undefined;
  const sorted = [...missing].sort();
  return rules.missingMessages?.[sorted[0]!] ?? `missing required arguments: ${sorted.join(', ')}`;
}

/**
 * Checks the given arguments against the table and the rules. A value that is UNKNOWN (templated)
 * counts as given but is not checked. `required` are the arguments without which the module fails.
 */
export function checkArgRules(
  table: ArgTable,
  rules: ArgRules,
  required: readonly string[],
  raw: Record<string, unknown>,
): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const { values, givenAs } = canonicalArgs(table, raw);
  const as = (n: string) => givenAs.get(n) ?? n;
  for (const [name, v] of values) {
    const spec = table[name]!;
    if (v === UNKNOWN) continue;
    const bad = typeProblem(spec, v);
    if (bad) {
      problems.push({ arg: as(name), message: `argument '${as(name)}': ${bad}`, hint: hintFor(spec) });
      continue;
    }
    if (spec.enum && !inChoices(spec, v)) {
      problems.push({
        arg: as(name),
        message: `value of ${as(name)} must be one of: ${spec.enum.map(shown).join(', ')}, got: ${shown(v)}`,
      });
      continue;
    }
    const un = spec.unsupported;
    if (un && !(typeof un === 'object' && un.allow.some((a) => sameValue(v, a))))
      problems.push({
        arg: as(name),
        unsupported: true,
        message: `argument '${as(name)}'${typeof un === 'object' ? `=${shown(v)}` : ''} is not supported by fabplay${typeof un === 'object' && un.why ? ` (${un.why})` : ''}`,
        hint: 'the task fails if it runs; remove the argument or run this play with ansible-playbook',
      });
  }
  // defaults count for the rules below, as Ansible sets them before checking; an option only
  // Ansible has (not in the table) counts when written
  const has = (n: string) => values.has(n) || table[n]?.default !== undefined || raw[n] != null;
  // a group naming an option fabplay lacks may hold one with a default: Ansible's check passes
  const knowable = (group: readonly string[]) => group.every((n) => n in table || raw[n] != null);
  const valueOf = (n: string) => (values.has(n) ? values.get(n) : table[n]?.default);
  const missing = missingArgsMessage(
    required.filter((r) => !values.has(r)),
    rules,
  );
  if (missing) problems.push({ message: missing });
  for (const group of rules.mutuallyExclusive ?? []) {
    const given = group.filter((n) => values.has(n));
    if (given.length > 1)
      problems.push({
        arg: as(given[1]!),
        message: `parameters are mutually exclusive: ${group.join('|')}`,
        hint: `give only one of ${given.map(as).join(', ')}`,
      });
  }
  for (const group of rules.requiredOneOf ?? [])
    if (knowable(group) && !group.some(has))
      problems.push({
        message:
          rules.missingMessages?.[group.join('|')] ?? `one of the following is required: ${group.join(', ')}`,
      });
  for (const group of rules.requiredTogether ?? []) {
    const given = group.filter(has);
    if (given.length && given.length < group.length)
      problems.push({
        arg: as(given[0]!),
        message: `parameters are required together: ${group.join(', ')}`,
        hint: `add ${group.filter((n) => !has(n)).join(', ')}`,
      });
  }
  for (const [key, needed] of Object.entries(rules.requiredBy ?? {})) {
    const missing = needed.filter((n) => !has(n));
    if (values.has(key) && missing.length)
      problems.push({
        arg: as(key),
        message: `missing parameter(s) required by '${key}': ${missing.join(', ')}`,
      });
  }
  for (const [key, want, needed, how, wording] of rules.requiredIf ?? []) {
    const any = how === 'any';
    const v = valueOf(key);
    if (v === undefined || v === UNKNOWN || !sameValue(v, want)) continue;
    const missing = needed.filter((n) => !has(n));
    if (any ? missing.length === needed.length : missing.length)
      problems.push({
        arg: values.has(key) ? as(key) : undefined,
        message:
          wording ??
          `${key} is ${shown(want)} but ${any ? 'any' : 'all'} of the following are missing: ${missing.join(', ')}`,
      });
  }
  return problems;
}

/** The value as the option's type reads it equals `want` (yes == true for a boolean). */
function sameValue(v: unknown, want: unknown): boolean {
  if (typeof want === 'boolean') return boolOf(v) === want;
  return String(v).toLowerCase() === String(want).toLowerCase();
}
