import { expandRemotePath, hostEnvironment, needsExpansion } from './remote-path.js';
import { argEntries, canonicalNames, checkArgRules, remotePathArgs, type ArgRules } from './arg-rules.js';
import { boolOf, FALSE_WORDS, TRUE_WORDS } from '../../util/ansible-bool.js';
import type { CommandPlan, ModuleContext, ModuleDef, ModuleResult, ProbePaths } from '../types.js';
import { type PyFloat, isBoxedFloat } from '../../util/py-float.js';
import { PY_INT_TEXT, intArgProblems } from './int-args.js';

/**
 * Declaring a module's arguments once: one JSON-schema-like table gives both the schema ajv
 * compiles and the TypeScript type of `args` in run(). Argument aliases (Ansible's `dest` for
 * `path`), YAML-1.1 booleans given as text (`force=yes` from key=value form) and defaults are
 * normalised here before run() sees the arguments.
 */

export interface ArgSpec {
  type: 'string' | 'boolean' | 'integer' | 'number' | 'array' | 'object' | 'any' | 'mode' | 'stringlist';
  enum?: readonly unknown[];
  default?: unknown;
  /** other names of this argument (`dest` for `path`) */
  aliases?: readonly string[];
  items?: Record<string, unknown>;
  description?: string;
  /** a path on the host: a leading `~` or `~/` is expanded to the (become) user's home there */
  remotePath?: boolean;
  /**
   * Ansible declares it, fabplay does not implement it (or only the `allow` values): a preflight
   * warning, and the task fails if it runs with it (Ansible would run it, so it is no load error)
   */
  unsupported?: true | { readonly allow: readonly unknown[]; readonly why?: string };
  /**
   * a stringlist taken as Ansible's check_type_list takes it: text split at each comma with the
   * spaces kept (`a, b` is 'a' and ' b'), a number as its text, every item as text
   */
  exactItems?: true;
  /** an int that Ansible's action plugin reads with Python's int(), not its argument spec: a whole float is taken (int-args.ts) */
  pythonInt?: true;
}

export type ArgTable = Record<string, ArgSpec>;

type ValueOf<S extends ArgSpec> = S extends { enum: readonly (infer E)[] }
  ? E
  : S['type'] extends 'string'
    ? string
    : S['type'] extends 'boolean'
      ? boolean
      : S['type'] extends 'integer' | 'number'
        ? number
        : S['type'] extends 'mode'
          ? string | number
          : S['type'] extends 'stringlist'
            ? string[]
            : S['type'] extends 'array'
              ? unknown[]
              : S['type'] extends 'object'
                ? Record<string, unknown>
                : unknown;

type RequiredKeys<T extends ArgTable, R extends string> = Extract<keyof T, R>;
type DefaultedKeys<T extends ArgTable> = {
  [K in keyof T]: T[K] extends { default: unknown } ? K : never;
}[keyof T];

/** The TypeScript type of a module's args: required and defaulted arguments are always present. */
export type ArgsOf<T extends ArgTable, R extends string = never> = {
  [K in RequiredKeys<T, R> | DefaultedKeys<T>]: ValueOf<T[K]>;
} & {
  [K in Exclude<keyof T, RequiredKeys<T, R> | DefaultedKeys<T>>]?: ValueOf<T[K]>;
};

/** Every upper/lower-case spelling of a word (Ansible lowers the text before comparing). */
function casings(word: string): string[] {
  let out = [''];
  for (const c of word) {
    const forms = c.toLowerCase() === c.toUpperCase() ? [c] : [c.toLowerCase(), c.toUpperCase()];
    out = out.flatMap((p) => forms.map((f) => p + f));
  }
  return out;
}

/** JSON schema of an Ansible boolean: true/false, 1/0, or one of Ansible's words in any case. */
export const boolSchema = {
  enum: [true, false, 1, 0, ...[...TRUE_WORDS, ...FALSE_WORDS].flatMap(casings)],
} as const;

function schemaOf(spec: ArgSpec): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  if (spec.description) extra.description = spec.description;
  if (spec.enum) return { enum: [...spec.enum], ...extra };
  switch (spec.type) {
    case 'boolean':
      return { ...boolSchema, ...extra };
    case 'integer':
    case 'number':
      // key=value form gives text ("size=10"): the executor's ajv coerces numeric text, and a
      // value that is not a number fails as "must be integer", not as a regex to decipher
      return { type: spec.type, ...extra };
    case 'mode':
      return { type: ['string', 'integer'], ...extra };
    case 'stringlist':
      return { type: ['string', 'array'], items: { type: 'string' }, ...extra };
    case 'array':
      return { type: 'array', ...(spec.items ? { items: spec.items } : {}), ...extra };
    case 'any':
      return { ...extra };
    default:
      return { type: spec.type, ...extra };
  }
}

/** The JSON schema (type object) for an argument table, aliases included as properties. */
export function schemaFor(table: ArgTable, required: readonly string[] = []): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    properties[name] = schemaOf(spec);
    for (const a of spec.aliases ?? []) properties[a] = schemaOf(spec);
  }
  const schema: Record<string, unknown> = { type: 'object', properties, additionalProperties: false };
  // a required argument may be given under any of its names
  const req = required.map((r) => {
    const names = [r, ...(table[r]?.aliases ?? [])];
    return names.length === 1 ? { required: [r] } : { anyOf: names.map((n) => ({ required: [n] })) };
  });
  if (req.length) schema.allOf = req;
  return schema;
}

/** A module failure the user can understand (bad path, validate failed): becomes `failed: true`. */
export class ModuleFailure extends Error {
  constructor(
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ModuleFailure';
  }
}

/** ctx.findFile, with "not found" as a task failure rather than an input error. */
export function findControllerFile(
  ctx: ModuleContext,
  kind: 'files' | 'templates' | 'tasks' | 'vars',
  name: string,
): string {
  try {
    return ctx.findFile(kind, name);
  } catch (e) {
    throw new ModuleFailure(`Could not find or access '${name}' on the controller: ${(e as Error).message}`);
  }
}

/**
 * A module's boolean argument as Ansible's boolean() reads it: a bool, 1 or 0, or text that,
 * lowered and stripped, is y/yes/on/1/true/t or n/no/off/0/false/f. Anything else fails the task.
 */
export function toBool(v: unknown, name?: string): boolean {
  const b = boolOf(v);
  if (b !== undefined) return b;
  const what = name === undefined ? '' : `argument '${name}' `;
  throw new ModuleFailure(`${what}must be a boolean (true/false, yes/no), got ${JSON.stringify(v)}`);
}

/**
 * A whole float (`1.0`, a PyFloat) given to a module: its number for a numeric argument (the
 * schema checks numbers), its text for a text argument ('1.0', Python's str), also as an item of
 * a list argument (`argv: [echo, 1.0]`), as it is where any value goes (debug's msg, set_fact's
 * variables) or the table does not name the argument. A boolean given to a text argument (one
 * without choices) or as an item of a list of texts is Python's str of it too ('True', 'False'),
 * not JSON's 'true' (`line: yes` writes True).
 * Text with digit groups given to an int argument ('1_000') is its number, as Python's int() reads it.
 */
export function plainFloatArgs(table: ArgTable | undefined, args: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(args)) {
    const spec = table?.[k] ?? Object.values(table ?? {}).find((s) => s.aliases?.includes(k));
    if (!spec || spec.type === 'any') continue;
    if (isBoxedFloat(v)) args[k] = plainFloat(spec.type, v);
    else if (typeof v === 'boolean' && spec.type === 'string' && !spec.enum) args[k] = pyBoolText(v);
    // Ansible makes a number text before it looks at the choices (YAML's `ip_resolve: 4` is '4')
    else if (typeof v === 'number' && spec.type === 'string') args[k] = String(v);
    else if (Array.isArray(v) && v.some((x) => isBoxedFloat(x) || typeof x === 'boolean')) {
      const itemType = spec.type === 'stringlist' ? 'string' : (spec.items as { type?: unknown })?.type;
      const textual = itemType === 'string' || (Array.isArray(itemType) && itemType.includes('string'));
      args[k] = v.map((x) =>
        isBoxedFloat(x)
          ? plainFloat(textual ? 'string' : 'number', x)
          : typeof x === 'boolean' && textual
            ? pyBoolText(x)
            : x,
      );
    } else if (spec.type === 'integer' && typeof v === 'string' && v.includes('_') && PY_INT_TEXT.test(v))
      args[k] = Number(v.replace(/_/g, ''));
  }
}

function pyBoolText(b: boolean): string {
  return b ? 'True' : 'False';
}

function plainFloat(type: string, v: PyFloat): string | number {
  return type === 'string' || type === 'stringlist' ? String(v) : v.value;
}

/**
 * Normalises args: alias names to the canonical one, text booleans/numbers, lists, defaults.
 * `freeKeys`: keys the table does not name pass through as they are (set_fact's variables).
 */
export function normaliseArgs(
  table: ArgTable,
  raw: Record<string, unknown>,
  freeKeys = false,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const given = { ...raw };
  const badInts = intArgProblems(table, given);
  if (badInts.length) throw new ModuleFailure(badInts.join('; '));
  plainFloatArgs(table, given);
  if (freeKeys) {
    const named = canonicalNames(table);
    for (const [k, v] of Object.entries(given)) if (!named.has(k)) out[k] = v;
  }
  for (const [name, spec] of argEntries(table)) {
    let v: unknown = given[name];
    for (const a of spec.aliases ?? []) if (v === undefined || v === null) v = given[a];
    // a value of any type may be null (debug's `msg: null` shows null)
    if (spec.type === 'any' && v === null) {
      out[name] = v;
      continue;
    }
    if (v === undefined || v === null) {
      if (spec.default !== undefined) out[name] = spec.default;
      continue;
    }
    if (spec.type === 'boolean' && !spec.enum) v = toBool(v, name);
    else if ((spec.type === 'integer' || spec.type === 'number') && typeof v === 'string') {
      if (v.trim() === '' || !Number.isFinite(Number(v)))
        throw new ModuleFailure(`argument '${name}' must be a number, got ${JSON.stringify(v)}`);
      v = Number(v);
    } else if (spec.type === 'stringlist' && spec.exactItems) v = exactList(v);
    else if (spec.type === 'stringlist' && typeof v === 'string')
      v = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else if (spec.type === 'string' && typeof v !== 'string') v = String(v);
    out[name] = v;
  }
  return out;
}

/** A list argument as Ansible's check_type_list and `elements: str` make it (ArgSpec.exactItems). */
function exactList(v: unknown): string[] {
  const text = (x: unknown): string => (typeof x === 'boolean' ? pyBoolText(x) : String(x));
  if (Array.isArray(v)) return v.map(text);
  return typeof v === 'string' ? v.split(',') : [text(v)];
}

/** Expands `$VAR` and `~` in remote path arguments, as Ansible's `type: path` does on the host. */
async function expandPaths(
  ctx: ModuleContext,
  table: ArgTable,
  args: Record<string, unknown>,
): Promise<void> {
  let env: ReturnType<typeof hostEnvironment> | undefined;
  for (const name of remotePathArgs(table)) {
    const v = args[name];
    if (!(Array.isArray(v) ? v.some(needsExpansion) : needsExpansion(v))) continue;
    // one `env` probe serves all the arguments of this call
    env ??= hostEnvironment(ctx);
    const expand = (x: unknown) => (needsExpansion(x) ? expandRemotePath(ctx, x, env) : x);
    args[name] = Array.isArray(v) ? await Promise.all(v.map(expand)) : await expand(v);
  }
}

/**
 * Builds a ModuleDef from one argument table. run() receives normalised, typed args; a thrown
 * ModuleFailure becomes `{ failed: true, msg }` (CommandError and others go to the executor).
 */
export function defineModule<T extends ArgTable, R extends string = never>(def: {
  name: string;
  aliases?: string[];
  args: T;
  required?: readonly R[];
  /** Ansible's mutually_exclusive, required_if, required_one_of, required_together */
  rules?: ArgRules;
  supportsCheck: boolean;
  supportsDiff: boolean;
  freeForm?: string;
  /** false: `key=value` text is not split into arguments (raw) */
  acceptsKeyValue?: boolean;
  /** see ModuleDef.keepsUnsafe */
  keepsUnsafe?: true | readonly string[];
  /** keys the table does not name are accepted and passed to run() as they are (set_fact) */
  freeKeys?: boolean;
  run(ctx: ModuleContext, args: ArgsOf<T, R>): Promise<ModuleResult>;
  /** see ModuleDef.asyncPlan */
  asyncPlan?(ctx: ModuleContext, args: ArgsOf<T, R>): Promise<CommandPlan | ModuleResult>;
  /** see ModuleDef.probes; gets the arguments as run() does (checked, aliases and defaults) */
  probes?(args: ArgsOf<T, R>): ProbePaths | undefined;
}): ModuleDef<Record<string, unknown>> & { args: T } {
  const schema = schemaFor(def.args, def.required ?? []);
  if (def.freeKeys) schema.additionalProperties = true;
  const rules = def.rules ?? {};
  const required = def.required ?? [];
  return {
    name: def.name,
    aliases: def.aliases,
    args: def.args,
    rules,
    required,
    schema,
    supportsCheck: def.supportsCheck,
    supportsDiff: def.supportsDiff,
    acceptsKeyValue: def.acceptsKeyValue ?? true,
    keepsUnsafe: def.keepsUnsafe,
    freeForm: def.freeForm,
    run: (ctx, raw) => withArgs(ctx, raw, (args) => def.run(ctx, args)),
    asyncPlan: def.asyncPlan && ((ctx, raw) => withArgs(ctx, raw, (args) => def.asyncPlan!(ctx, args))),
    probes: def.probes && ((raw) => probesOf(raw, def.probes!)),
  };

  /** The module's probes for these arguments; undefined for arguments run() would refuse. */
  function probesOf(
    raw: Record<string, unknown>,
    probes: (args: ArgsOf<T, R>) => ProbePaths | undefined,
  ): ProbePaths | undefined {
    try {
      if (checkArgRules(def.args, rules, required, raw).length) return undefined;
      return probes(normaliseArgs(def.args, raw, def.freeKeys) as ArgsOf<T, R>);
    } catch {
      return undefined;
    }
  }

  /** Checks and normalises the arguments, then calls `body`; a ModuleFailure becomes a failed result. */
  async function withArgs<X>(
    ctx: ModuleContext,
    raw: Record<string, unknown> | undefined,
    body: (args: ArgsOf<T, R>) => Promise<X>,
  ): Promise<X | ModuleResult> {
    try {
      const problems = checkArgRules(def.args, rules, required, raw ?? {});
      if (problems.length) throw new ModuleFailure(problems.map((p) => p.message).join('; '));
      const args = normaliseArgs(def.args, raw ?? {}, def.freeKeys);
      await expandPaths(ctx, def.args, args);
      return await body(args as ArgsOf<T, R>);
    } catch (e) {
      if (e instanceof ModuleFailure) return { changed: false, failed: true, msg: e.message, ...e.extra };
      throw e;
    }
  }
}
