import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { OWN_SCHEMAS } from '../util/ajv-options.js';
import { InputError } from '../errors.js';
import { runOn } from '../modules/lib/context.js';
import { Templar } from '../template/index.js';
import type { Connection, BecomeSpec } from '../connection/types.js';
import type { ModuleContext, ModuleDef } from '../modules/types.js';
import type { RoleInstance } from '../playbook/types.js';

export interface ContextInput {
  host: string;
  conn: Connection;
  check: boolean;
  diff: boolean;
  become?: BecomeSpec;
  vars: Record<string, unknown>;
  facts: Record<string, unknown>;
  role?: RoleInstance;
  playbookDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  log: (msg: string) => void;
  taskDir?: string;
  searchPaths?: readonly string[];
}

/** The ModuleContext the executor hands a module: every command goes through runOn. */
export function makeModuleContext(i: ContextInput): ModuleContext {
  return {
    host: i.host,
    conn: i.conn,
    check: i.check,
    diff: i.diff,
    become: i.become,
    vars: i.vars,
    facts: i.facts,
    env: i.env,
    timeoutMs: i.timeoutMs,
    taskDir: i.taskDir,
    rolePath: i.role?.path,
    searchPaths: i.searchPaths,
    run: (argv, opts) =>
      runOn(i.conn, argv, {
        ...opts,
        taskBecome: i.become,
        taskEnv: i.env,
        taskTimeoutMs: i.timeoutMs,
        log: i.log,
      }),
    findFile: (kind, name) => findFile(kind, name, i.role, i.playbookDir),
    render: (text, extra) =>
      new Templar(extra ? { ...i.vars, ...extra } : i.vars, { searchPaths: i.searchPaths }).renderFile(
        text,
        'template',
      ),
    log: i.log,
  };
}

/** A controller file: the role's `<kind>/` dir, the role dir, then the playbook's `<kind>/` dir and the playbook dir. */
export function findFile(
  kind: string,
  name: string,
  role: RoleInstance | undefined,
  playbookDir: string,
): string {
  if (isAbsolute(name)) return name;
  const dirs: string[] = [];
  if (role) dirs.push(join(role.path, kind), role.path);
  dirs.push(join(playbookDir, kind), playbookDir);
  for (const d of dirs) {
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  throw new InputError(
    `could not find '${name}' in: ${dirs.join(', ')}`,
    undefined,
    `put the file in ${role ? `${join(role.path, kind)} or ` : ''}${join(playbookDir, kind)}`,
  );
}

const ajv = new Ajv({ ...OWN_SCHEMAS, allErrors: true, coerceTypes: true, useDefaults: true });
const validators = new WeakMap<ModuleDef<any>, ValidateFunction>();

/** Checks (and coerces, fills defaults into) a module's args; returns the messages, empty when fine. */
export function checkModuleArgs(mod: ModuleDef<any>, args: Record<string, unknown>): string[] {
  let v = validators.get(mod);
  if (!v) {
    v = ajv.compile(mod.schema);
    validators.set(mod, v);
  }
  if (v(args)) return [];
  return (v.errors ?? []).map((e) => {
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
    if (e.keyword === 'additionalProperties')
      return `unsupported parameter '${String((e.params as { additionalProperty: string }).additionalProperty)}'`;
    if (e.keyword === 'required')
      return `missing required argument '${String((e.params as { missingProperty: string }).missingProperty)}'`;
    const arg = where ? `argument '${where}' ` : '';
    if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const given = valueAt(args, e.instancePath);
      // a boolean argument's schema is the enum of the words YAML 1.1 reads as true or false;
      // the same words as normaliseArgs uses when run() is called without this check
      if (allowed.includes(true) && allowed.includes(false) && allowed.includes('yes'))
        return `${arg}must be a boolean (true/false, yes/no), got ${JSON.stringify(given)}`;
      // Ansible: "value of state must be one of: file, directory, got: folder"
      return `${arg}must be one of: ${allowed.map(shown).join(', ')}, got: ${shown(given)}`;
    }
    return `${arg}${e.message ?? 'is invalid'}`;
  });
}

/** The value at a JSON pointer (an ajv instancePath) in the args. */
function valueAt(args: Record<string, unknown>, pointer: string): unknown {
  let v: unknown = args;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  }
  return v;
}

/** A value as Ansible shows it in "got: ...": text as it is, anything else as JSON. */
function shown(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}
