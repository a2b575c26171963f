// Playbooks: loads playbooks, task files and roles into the typed tree the executor runs.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { SourcePos } from '../errors.js';
import { newContext } from './load-context.js';
import { loadPlays } from './play.js';
import { findRolePath, loadRoleInstance } from './roles.js';
import { readTaskFile } from './tasks.js';
import type { Playbook, RoleInstance, TaskNode } from './types.js';
import { absolutePath } from '../util/home-path.js';

export interface LoadOptions {
  /** extra role search paths (--roles-path, FABPLAY_ROLES_PATH, config roles_path) */
  rolesPath: string[];
  /** -e values: import_* names may be templated with them */
  extraVars?: Record<string, unknown>;
  /** error_on_missing_handler=false: notifying an unknown handler is a warning at run time, not a load error */
  allowMissingHandlers?: boolean;
}

/** Role search directories as absolute paths (`~/x` is the home directory's x). */
function absRolesPath(dirs: string[]): string[] {
  return dirs.map(absolutePath);
}

/** Loads a playbook (import_playbook flattened, roles and import_* resolved), validated. */
export function loadPlaybook(file: string, opts: LoadOptions): Playbook {
  const abs = resolve(file);
  return {
    file: abs,
    plays: loadPlays(abs, {
      rolesPath: absRolesPath(opts.rolesPath),
      extraVars: opts.extraVars ?? {},
      allowMissingHandlers: opts.allowMissingHandlers,
    }),
  };
}

/**
 * For include_tasks at run time: loads a task file (in the context of a role, if any).
 * Pass `resolve(include.baseDir, file)`; a relative name is looked up in the role's tasks/ dir
 * (with a role) or from the current directory. A file a handler includes holds handlers (a block in
 * it may group them but not nest, as in Ansible).
 */
export function loadTaskFile(
  file: string,
  role: RoleInstance | undefined,
  from: SourcePos,
  handler = false,
): TaskNode[] {
  const path = isAbsolute(file) ? file : role ? join(role.path, 'tasks', file) : resolve(file);
  const playbookDir = role ? dirname(dirname(role.path)) : dirname(path);
  const ctx = newContext([], playbookDir);
  ctx.fileStack.push(path);
  return readTaskFile(
    path,
    {
      ctx,
      file: path,
      baseDir: role ? join(role.path, 'tasks') : dirname(path),
      role,
      handler,
      dynamic: true,
    },
    from,
  );
}

/** The role include_role's arguments name (name, vars, *_from), with the roles its tasks pull in with import_role. */
export function loadIncludedRole(
  a: Record<string, unknown>,
  opts: { rolesPath: string[]; playbookDir: string },
  from: SourcePos,
): { role: RoleInstance; imported: RoleInstance[] } {
  const imported: RoleInstance[] = [];
  const role = loadRole(
    String(a.name),
    (a.vars ?? {}) as Record<string, unknown>,
    {
      ...opts,
      tasksFrom: a.tasks_from as string | undefined,
      varsFrom: a.vars_from as string | undefined,
      defaultsFrom: a.defaults_from as string | undefined,
      handlersFrom: a.handlers_from as string | undefined,
    },
    from,
    imported,
  );
  return { role, imported };
}

/** Whether include_role would find a role of this name (the same places loadRole looks). */
export function roleExists(name: string, opts: { rolesPath: string[]; playbookDir: string }): boolean {
  try {
    findRolePath(newContext(absRolesPath(opts.rolesPath), opts.playbookDir), name, [], {
      file: '',
      line: 0,
      col: 0,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * For include_role at run time: a fresh instance (include_role runs each time it is reached).
 * `imported` receives the roles its tasks pull in with import_role (their handlers join the play).
 */
export function loadRole(
  name: string,
  params: Record<string, unknown>,
  opts: LoadOptions & {
    playbookDir: string;
    tasksFrom?: string;
    varsFrom?: string;
    defaultsFrom?: string;
    handlersFrom?: string;
  },
  from: SourcePos,
  imported: RoleInstance[] = [],
): RoleInstance {
  const ctx = newContext(absRolesPath(opts.rolesPath), opts.playbookDir);
  const role = loadRoleInstance(ctx, name, params, {}, from, {
    tasksFrom: opts.tasksFrom,
    varsFrom: opts.varsFrom,
    defaultsFrom: opts.defaultsFrom,
    handlersFrom: opts.handlersFrom,
  });
  imported.push(...ctx.importedRoles);
  return role;
}
