import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, type SourcePos } from '../errors.js';
import { copyPos, posOf } from '../yaml/load.js';
import { displayPath, readYaml } from './read-yaml.js';
import { parseArgumentSpecs } from './argument-spec.js';
import { ROLE_ENTRY_KEYWORDS } from './keywords.js';
import type { LoadContext } from './load-context.js';
import { addLibraryDir } from './library-modules.js';
import { readTaskFile, type TaskScope } from './tasks.js';
import type { Block, Keywords, RoleInstance, TaskNode } from './types.js';
import { findVarsSource, findYamlFile, loadVarsSource } from './vars-files.js';

/**
 * Roles: found in roles/ beside the playbook, then in the roles path, then as a path from the
 * playbook directory; loaded from defaults/, vars/, tasks/, handlers/, meta/ (dependencies,
 * argument_specs). The same role with the same parameters in one play is one instance.
 */

export interface RoleLoadOptions {
  tasksFrom?: string;
  varsFrom?: string;
  defaultsFrom?: string;
  handlersFrom?: string;
  /** searched first (a dependency is also looked for beside the role that needs it) */
  searchDirs?: string[];
}

function isRoleDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/**
 * Where a role named `namespace.collection.role` lives when a collection holds it: the playbook's
 * collections/ directory, then ANSIBLE_COLLECTIONS_PATH (or _PATHS) or Ansible's default
 * ~/.ansible/collections:/usr/share/ansible/collections, each with ansible_collections/ns/coll/roles/role.
 */
export function collectionRolePaths(playbookDir: string, name: string): string[] {
  const m = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)\.(\w+)$/.exec(name);
  if (!m) return [];
  const env = process.env.ANSIBLE_COLLECTIONS_PATH ?? process.env.ANSIBLE_COLLECTIONS_PATHS;
  const roots = [
    join(playbookDir, 'collections'),
    ...(env ?? '~/.ansible/collections:/usr/share/ansible/collections').split(':').filter(Boolean),
  ].map((d) => (d.startsWith('~/') ? join(homedir(), d.slice(2)) : d));
  return roots.map((r) => join(r, 'ansible_collections', m[1]!, m[2]!, 'roles', m[3]!));
}

/** The directory of a role, or an InputError listing where it looked. */
export function findRolePath(ctx: LoadContext, name: string, searchDirs: string[], from: SourcePos): string {
  return findRole(ctx, name, searchDirs, from).path;
}

/**
 * The role's directory, and its name as Ansible's RoleDefinition keeps it: as written when a
 * search directory has it (a path too: `/x/roles/r`, `../r`), its last component when it was
 * found only as a path from the current directory or in a collection.
 */
export function findRole(
  ctx: LoadContext,
  name: string,
  searchDirs: string[],
  from: SourcePos,
): { path: string; name: string } {
  const tried: string[] = [];
  // a relative name, also one with a slash (`nested/dep`), is searched like a plain one, then
  // taken as a path from the current directory (Ansible's RoleDefinition)
  const dirs = isAbsolute(name)
    ? ['/']
    : [join(ctx.playbookDir, 'roles'), ...searchDirs, ...ctx.rolesPath, ctx.playbookDir];
  for (const dir of dirs) {
    const p = resolve(dir, name);
    tried.push(p);
    if (isRoleDir(p)) return { path: p, name };
  }
  for (const p of [resolve(process.cwd(), name), ...collectionRolePaths(ctx.playbookDir, name)]) {
    tried.push(p);
    if (isRoleDir(p)) return { path: p, name: basename(p) };
  }
  throw new InputError(
    `role '${name}' not found`,
    from,
    `looked in ${[...new Set(tried)].join(', ')}; add a directory with --roles-path or FABPLAY_ROLES_PATH`,
  );
}

/**
 * Ansible's role cache key: the role, its params and the entry's when, tags and vars (a
 * dependency listed twice with other `vars:` is two roles that both run), and the *_from files.
 */
export function roleIdentity(path: string, params: Record<string, unknown>, kw: Keywords): unknown[] {
  return [path, params, kw.when, kw.tags, kw.vars];
}

/**
 * The role object Ansible's Role.load shares between the import_role and include_role tasks of a
 * play that name the same role with the same `*_from` files and `vars:` (its role cache key);
 * allow_duplicates: false skips such a role where it already ran.
 */
export function roleImportKey(path: string, args: Record<string, unknown>, vars: unknown): string {
  const from = ['tasks_from', 'vars_from', 'defaults_from', 'handlers_from'].map((k) => args[k]);
  return JSON.stringify([path, ...from, vars]);
}

function identityKey(
  path: string,
  params: Record<string, unknown>,
  kw: Keywords,
  opts: RoleLoadOptions,
): string {
  return JSON.stringify([
    ...roleIdentity(path, params, kw),
    opts.tasksFrom,
    opts.varsFrom,
    opts.defaultsFrom,
    opts.handlersFrom,
  ]);
}

interface RoleMeta {
  dependencies: unknown[];
  allowDuplicates: boolean;
  file?: string;
  doc?: Record<string, unknown>;
}

function readMeta(rolePath: string): RoleMeta {
  const file = findYamlFile(join(rolePath, 'meta'), 'main');
  if (!file) return { dependencies: [], allowDuplicates: false };
  const doc = readYaml(file);
  if (doc === null) return { dependencies: [], allowDuplicates: false, file };
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError(
      'role meta (meta/main.yml) must be a mapping',
      posOf(doc) ?? { file: displayPath(file), line: 1, col: 1 },
    );
  const meta = doc as Record<string, unknown>;
  const deps = meta.dependencies ?? [];
  if (!Array.isArray(deps))
    throw new InputError(
      'role meta: dependencies must be a list of roles',
      posOf(meta, 'dependencies') ?? { file: displayPath(file), line: 1, col: 1 },
    );
  return { dependencies: deps, allowDuplicates: meta.allow_duplicates === true, file, doc: meta };
}

/** Splits a `roles:`/`dependencies:` entry into the role name, its parameters and its keywords. */
export function splitRoleEntry(
  entry: unknown,
  keywords: Set<string>,
  at: SourcePos,
): { name: string; params: Record<string, unknown>; kw: Record<string, unknown>; pos: SourcePos } {
  if (typeof entry === 'string') return { name: entry, params: {}, kw: {}, pos: at };
  if (!entry || typeof entry !== 'object' || Array.isArray(entry))
    throw new InputError('a role entry must be a role name or a mapping with role: NAME', at);
  const e = entry as Record<string, unknown>;
  const pos = posOf(e) ?? at;
  const name = e.role ?? e.name;
  if (typeof name !== 'string' || !name)
    throw new InputError('role entry has no role name', pos, 'write `- role: NAME` (parameters beside it)');
  const params: Record<string, unknown> = {};
  const kw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'role' || (k === 'name' && e.role === undefined)) continue;
    if (keywords.has(k)) kw[k] = v;
    else params[k] = v;
  }
  copyPos(entry, params);
  copyPos(entry, kw);
  return { name, params, kw, pos };
}

/** Loads (or reuses, for the same role and params in this play) one role instance. */
export function loadRoleInstance(
  ctx: LoadContext,
  name: string,
  params: Record<string, unknown>,
  kw: Record<string, unknown>,
  from: SourcePos,
  opts: RoleLoadOptions = {},
): RoleInstance {
  const found = findRole(ctx, name, opts.searchDirs ?? [], from);
  const path = found.path;
  // a role's modules serve its own tasks and every later one, as in Ansible
  addLibraryDir(join(path, 'library'));
  const key = identityKey(path, params, kw, opts);
  // Only the same role loaded the same way recurses for ever: a role may import itself with
  // another tasks_from (Ansible allows it), so the chain compares identity keys, not directories.
  if (ctx.roleStack.some((r) => r.key === key))
    throw new InputError(
      `role dependency cycle: ${[...ctx.roleStack.map((r) => r.name), found.name].join(' -> ')}`,
      from,
      'remove one of the dependencies in meta/main.yml',
    );
  const meta = readMeta(path);
  const cached = ctx.roleCache.get(key);
  if (cached && !meta.allowDuplicates) return cached;

  const role: RoleInstance = {
    name: found.name,
    path,
    params,
    defaults: {},
    vars: {},
    dependencies: [],
    tasks: [],
    handlers: [],
    kw,
    pos: from,
  };
  if (meta.allowDuplicates) role.allowDuplicates = true;
  const varsPart = (dir: string, file: string | undefined, explicit: boolean): Record<string, unknown> => {
    const src = findVarsSource(join(path, dir), file ?? 'main');
    if (src) checkInsideRole(src, join(path, dir), role.name, from);
    if (!src) {
      if (explicit) throw new InputError(`role '${role.name}': ${dir}/${file} not found`, from);
      return {};
    }
    return loadVarsSource(src, from);
  };
  role.defaults = varsPart('defaults', opts.defaultsFrom, opts.defaultsFrom !== undefined);
  role.vars = varsPart('vars', opts.varsFrom, opts.varsFrom !== undefined);
  role.argumentSpec = parseArgumentSpecs(path, meta.doc, opts.tasksFrom ?? 'main');

  ctx.roleStack.push({ key, name: found.name });
  try {
    meta.dependencies.forEach((dep, i) => {
      const at = (meta.doc && posOf(meta.doc.dependencies, i)) ?? {
        file: displayPath(meta.file!),
        line: 1,
        col: 1,
      };
      const d = splitRoleEntry(dep, ROLE_ENTRY_KEYWORDS, at);
      role.dependencies.push(
        loadRoleInstance(ctx, d.name, d.params, d.kw, d.pos, { searchDirs: [resolve(path, '..')] }),
      );
    });
    const scope: TaskScope = { ctx, file: path, baseDir: join(path, 'tasks'), role, handler: false };
    role.tasks = roleTaskFile(role, 'tasks', opts.tasksFrom, scope, from);
    role.handlers = roleTaskFile(
      role,
      'handlers',
      opts.handlersFrom,
      { ...scope, handler: true, baseDir: join(path, 'handlers') },
      from,
    );
  } finally {
    ctx.roleStack.pop();
  }
  ctx.roleCache.set(key, role);
  return role;
}

/** tasks_from / vars_from ... must name a file inside the role's directory for it, as in Ansible. */
function checkInsideRole(found: string, dir: string, roleName: string, from: SourcePos): void {
  const rel = relative(resolve(dir), resolve(found));
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new InputError(
      `Failed loading '${found}' for role (${roleName}) as it is not inside the expected role path: '${dir}'`,
      from,
      'name a file under the role directory, relative to it',
    );
}

function roleTaskFile(
  role: RoleInstance,
  dir: 'tasks' | 'handlers',
  explicit: string | undefined,
  scope: TaskScope,
  from: SourcePos,
): TaskNode[] {
  const file = findYamlFile(join(role.path, dir), explicit ?? 'main');
  if (file) checkInsideRole(file, join(role.path, dir), role.name, from);
  if (!file) {
    if (explicit !== undefined)
      throw new InputError(
        `role '${role.name}': ${dir}/${explicit}.yml not found`,
        from,
        `see ${join(role.path, dir)}`,
      );
    return [];
  }
  scope.ctx.fileStack.push(file);
  try {
    return readTaskFile(file, { ...scope, file }, from);
  } finally {
    scope.ctx.fileStack.pop();
  }
}

/** A role's tasks as imported in place: its dependencies (as blocks), then its own tasks. */
export function roleBody(role: RoleInstance): TaskNode[] {
  const deps: Block[] = role.dependencies.map((d) => ({
    type: 'block',
    block: roleBody(d),
    rescue: [],
    always: [],
    kw: d.kw,
    pos: d.pos,
    role: d,
    dependency: true,
  }));
  return [...deps, ...role.tasks];
}
