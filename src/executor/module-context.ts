import { existsSync } from 'node:fs';
import { unknownArgMessage } from '../modules/lib/ansible-only-args.js';
import { missingArgsMessage } from '../modules/lib/arg-rules.js';
import { plainFloatArgs } from '../modules/lib/args.js';
import { isAbsolute, join } from 'node:path';
import type { AnySchemaObject, ValidateFunction } from 'ajv';
import { validator } from '../util/validators.js';
import { InputError } from '../errors.js';
import { createModuleContext, type ContextHandle, type ContextInput } from '../modules/lib/context.js';
import { Templar, engine } from '../template/index.js';
import type { ModuleDef } from '../modules/types.js';
import type { RoleInstance } from '../playbook/types.js';

/** What the executor knows of a task on a host; the rest of a ContextInput comes from it. */
export type ExecutorContextInput = Omit<ContextInput, 'findFile' | 'render' | 'rolePath'> & {
  role?: RoleInstance;
  playbookDir: string;
};

/** The ModuleContext the executor hands a module (modules/lib/context.ts: probe and change). */
export function makeModuleContext(i: ExecutorContextInput): ContextHandle {
  const own: Pick<ContextInput, 'findFile' | 'render' | 'rolePath'> = {
    rolePath: i.role?.path,
    findFile: (kind, name) => findFile(kind, name, i.role, i.playbookDir),
    render: (text, extra, file) =>
      new Templar(extra ? { ...i.vars, ...extra } : i.vars, { searchPaths: i.searchPaths }).renderFile(
        text,
        file?.source ?? 'template',
        file
          ? engine().TemplateLoader.forTemplateModule(
              i.searchPaths ?? [],
              i.playbookDir,
              file.source,
              file.syntax,
            )
          : undefined,
        // the template module renders every file, template markers or not (line ends change)
        !!file,
      ),
  };
  // Object.assign, not a spread with keys after it: a runtime call per key (extensible-copy.ts)
  return createModuleContext(Object.assign({}, i, own));
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

const validators = new WeakMap<ModuleDef<any>, ValidateFunction>();

/** The required arguments a task leaves out (under none of their names), in Ansible's words. */
export function missingRequired(mod: ModuleDef<any>, args: Record<string, unknown>): string | undefined {
  const missing = (mod.required ?? []).filter(
    (r) => ![r, ...(mod.args?.[r]?.aliases ?? [])].some((n) => n in args),
  );
  return missingArgsMessage(missing, mod.rules ?? {});
}

/** Checks (and coerces, fills defaults into) a module's args; returns the messages, empty when fine. */
export function checkModuleArgs(mod: ModuleDef<any>, args: Record<string, unknown>): string[] {
  let v = validators.get(mod);
  if (!v) {
    v = validator('moduleArgs', mod.name, mod.schema as AnySchemaObject);
    validators.set(mod, v);
  }
  plainFloatArgs(mod.args, args);
  if (v(args)) return [];
  const missing = missingRequired(mod, args);
  // the schema says a required argument is missing once per name it may have, and once more
  // (anyOf) for all of them: one message instead
  const errors = (v.errors ?? []).filter(
    (e) => !(missing && e.instancePath === '' && (e.keyword === 'required' || e.keyword === 'anyOf')),
  );
  return [
    ...(missing ? [missing] : []),
    ...errors.map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
      if (e.keyword === 'additionalProperties') {
        const arg = String((e.params as { additionalProperty: string }).additionalProperty);
        return unknownArgMessage(mod.name, arg);
      }
      if (e.keyword === 'required') {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        return mod.rules?.missingMessages?.[missing] ?? `missing required argument '${missing}'`;
      }
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
    }),
  ];
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
