import type { RoleInstance, TaskNode } from './types.js';
import { InputError, type SourcePos } from '../errors.js';
import { Templar } from '../template/index.js';

/** State shared while one playbook (or one run-time include) loads. */
export interface LoadContext {
  /** extra role search paths (--roles-path, FABPLAY_ROLES_PATH, config) */
  rolesPath: string[];
  /** directory of the playbook file being loaded: roles/ beside it is searched first */
  playbookDir: string;
  /** task files being imported right now, to report import cycles */
  fileStack: string[];
  /** playbook files being imported right now */
  playbookStack: string[];
  /** roles being loaded right now (dependency chain) by identity key, to report cycles */
  roleStack: Array<{ key: string; name: string }>;
  /** role instances of the current play by identity key: same role + same params = one instance */
  roleCache: Map<string, RoleInstance>;
  /** roles pulled in by import_role in the current play (their handlers belong to the play) */
  importedRoles: RoleInstance[];
  /**
   * import_role's allow_duplicates per role object (roleImportKey): Ansible's imports of one role
   * share one Role, and each import sets its flag while loading, so the last import's holds for all
   */
  roleDuplicates: Map<string, { allow: boolean }>;
  /** include_role with a literal name, for the notify check */
  includedRoleNames: Array<{ name: string; pos: SourcePos }>;
  /**
   * Problems Ansible only finds when the task runs (an unknown module argument, an include of a
   * missing file or role): a run meets them as that task's failure, `validate` reports them.
   */
  deferred: InputError[];
  /**
   * What import_* names may be templated with while loading (Ansible templates them with the
   * variables known before the run: extra vars, play vars, vars_files, the import's own vars)
   */
  loadVars: Record<string, unknown>;
  /** -e values: they win over every other load-time variable */
  extraVars: Record<string, unknown>;
}

/** Keeps a run-time problem for `validate` (see LoadContext.deferred); rethrows anything else. */
export function deferProblem(ctx: LoadContext, e: unknown): void {
  if (e instanceof InputError) ctx.deferred.push(e);
  else throw e;
}

export function newContext(
  rolesPath: string[],
  playbookDir: string,
  loadVars: Record<string, unknown> = {},
  extraVars: Record<string, unknown> = {},
): LoadContext {
  return {
    loadVars,
    extraVars,
    rolesPath,
    playbookDir,
    fileStack: [],
    playbookStack: [],
    roleStack: [],
    roleCache: new Map(),
    importedRoles: [],
    roleDuplicates: new Map(),
    includedRoleNames: [],
    deferred: [],
  };
}

/** Where each node's `notify:` stands, for the handler check's message. */
export const notifyPos = new WeakMap<TaskNode, SourcePos>();

/** A template that only the executor can resolve. */
export function isTemplated(v: unknown): boolean {
  return typeof v === 'string' && (v.includes('{{') || v.includes('{%'));
}

/** A template anywhere in a value: its strings, and those of its lists and mappings. */
export function isTemplatedDeep(v: unknown, depth = 0): boolean {
  // a self-referencing YAML alias stops here
  if (depth > 20) return false;
  if (typeof v === 'string') return isTemplated(v);
  if (v && typeof v === 'object') return Object.values(v).some((x) => isTemplatedDeep(x, depth + 1));
  return false;
}

/**
 * An import's file or role name, templated with the load-time variables (`scopeVars`: the
 * enclosing blocks' and the import task's own vars). A name that needs a run-time variable is an
 * error naming the variable.
 */
export function loadTimeName(
  value: string,
  ctx: LoadContext,
  scopeVars: Record<string, unknown>,
  what: string,
  pos: SourcePos,
  hint = IMPORT_HINT,
): string {
  if (!isTemplated(value)) return value;
  return String(loadTimeValue(value, ctx, scopeVars, what, pos, hint)).trim();
}

const IMPORT_HINT =
  "imports are resolved before the run (with extra vars, play vars and the task's vars); use include_tasks/include_role for a name known only at run time";

/** An import's argument templated as loadTimeName's are; its value as the template gives it. */
export function loadTimeValue(
  value: unknown,
  ctx: LoadContext,
  scopeVars: Record<string, unknown>,
  what: string,
  pos: SourcePos,
  hint = IMPORT_HINT,
): unknown {
  if (!isTemplated(value)) return value;
  try {
    const vars = { ...ctx.loadVars, ...scopeVars, ...ctx.extraVars };
    return new Templar(vars).template(value, pos);
  } catch (e) {
    throw new InputError(
      `${what}: cannot template '${String(value)}' while loading: ${(e as Error).message}`,
      pos,
      hint,
    );
  }
}

/** `task "name"` / `handler "name"` / `task` for messages. */
export function describeTask(raw: Record<string, unknown>, handler: boolean): string {
  const kind = handler ? 'handler' : 'task';
  return raw.name !== undefined && raw.name !== null ? `${kind} "${String(raw.name)}"` : kind;
}
