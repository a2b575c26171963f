// Owner: helper B.
import type { SourcePos } from '../errors.js';
import type { Playbook, RoleInstance, TaskNode } from './types.js';

export interface LoadOptions {
  /** extra role search paths (--roles-path, FABPLAY_ROLES_PATH, config roles_path) */
  rolesPath: string[];
}

/** Loads a playbook (import_playbook flattened, roles and import_* resolved), validated. */
export function loadPlaybook(_file: string, _opts: LoadOptions): Playbook {
  throw new Error('loadPlaybook: not implemented yet');
}

/** For include_tasks at run time: loads a task file (in the context of a role, if any). */
export function loadTaskFile(_file: string, _role: RoleInstance | undefined, _from: SourcePos): TaskNode[] {
  throw new Error('loadTaskFile: not implemented yet');
}

/** For include_role at run time. */
export function loadRole(
  _name: string,
  _params: Record<string, unknown>,
  _opts: LoadOptions & { playbookDir: string; tasksFrom?: string },
  _from: SourcePos,
): RoleInstance {
  throw new Error('loadRole: not implemented yet');
}

/** Checks values against a role's meta/argument_specs.yml; returns messages (empty when fine). */
export function checkArgumentSpec(_role: RoleInstance, _vars: Record<string, unknown>): string[] {
  throw new Error('checkArgumentSpec: not implemented yet');
}
