import type { RoleInstance, TaskNode } from './types.js';
import { InputError, type SourcePos } from '../errors.js';

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
  /** role directories being loaded right now (dependency chain), to report cycles */
  roleStack: string[];
  /** role instances of the current play by identity key: same role + same params = one instance */
  roleCache: Map<string, RoleInstance>;
  /** roles pulled in by import_role in the current play (their handlers belong to the play) */
  importedRoles: RoleInstance[];
  /** include_role with a literal name, for the notify check */
  includedRoleNames: Array<{ name: string; pos: SourcePos }>;
  /**
   * Problems Ansible only finds when the task runs (an unknown module argument, an include of a
   * missing file or role): a run meets them as that task's failure, `validate` reports them.
   */
  deferred: InputError[];
}

/** Keeps a run-time problem for `validate` (see LoadContext.deferred); rethrows anything else. */
export function deferProblem(ctx: LoadContext, e: unknown): void {
  if (e instanceof InputError) ctx.deferred.push(e);
  else throw e;
}

export function newContext(rolesPath: string[], playbookDir: string): LoadContext {
  return {
    rolesPath,
    playbookDir,
    fileStack: [],
    playbookStack: [],
    roleStack: [],
    roleCache: new Map(),
    importedRoles: [],
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

/** `task "name"` / `handler "name"` / `task` for messages. */
export function describeTask(raw: Record<string, unknown>, handler: boolean): string {
  const kind = handler ? 'handler' : 'task';
  return raw.name !== undefined && raw.name !== null ? `${kind} "${String(raw.name)}"` : kind;
}
