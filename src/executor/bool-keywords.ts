import { RunStopError, type SourcePos } from '../errors.js';
import type { Keywords } from '../playbook/types.js';
import { truthy as pyTruthy } from '../template/python.js';
import { boolOf, keywordBool } from '../util/ansible-bool.js';
import { errText } from './task-args.js';
import { keyword, renderedKeyword, type Scope } from './scope.js';

/**
 * The boolean keywords Ansible's post_validate converts when a task runs (become, check_mode, diff
 * and delegate_facts are converted where they are read): in its order among themselves, so that
 * of two bad values the same one is named.
 */
const TASK_BOOLEANS = ['no_log', 'run_once', 'ignore_errors', 'ignore_unreachable', 'any_errors_fatal'];

/** What Ansible converts of an include_tasks / include_role when it runs: its no_log only. */
export const INCLUDE_BOOLEANS = ['no_log'];

/**
 * Throws, with Ansible's words, when one of them is no boolean once rendered (or cannot be
 * rendered): the task fails on this host, as in Ansible, whatever else it would have done.
 */
export function checkTaskBooleans(
  scope: Scope,
  node: { kw: Keywords },
  render: (v: unknown) => unknown,
  names = TASK_BOOLEANS,
): void {
  for (const name of names) {
    const v = renderedKeyword(scope, node, name, render);
    if (v !== undefined) keywordBool(name, v);
  }
}

/**
 * A boolean keyword as Ansible's strategy reads it once the task ran: the converted value; where
 * the conversion failed (no boolean, or a template error), the field as written, which
 * post_validate left in place, so any text is true. Unset, or rendering to omit, is false.
 */
export function keptBool(
  scope: Scope,
  node: { kw: Keywords },
  name: string,
  render: (v: unknown) => unknown,
): boolean {
  let v: unknown;
  try {
    v = renderedKeyword(scope, node, name, render);
  } catch {
    return pyTruthy(keyword(scope, node, name));
  }
  return v !== undefined && (boolOf(v) ?? pyTruthy(keyword(scope, node, name)));
}

/**
 * Whether the linear strategy sends a task to the batch's first host only: the rendered run_once
 * read as Python reads a value, before any conversion, so the text 'no' or '0' is true there.
 */
export function runsOnce(scope: Scope, node: { kw: Keywords }, render: (v: unknown) => unknown): boolean {
  try {
    const v = renderedKeyword(scope, node, 'run_once', render);
    return v !== undefined && pyTruthy(v);
  } catch {
    // the task fails on each host it reaches (checkTaskBooleans)
    return false;
  }
}

/**
 * any_errors_fatal as the linear strategy reads it: the value as written (inherited from the
 * block or play), never templated, so any text (`"no"`, `"{{ false }}"`) makes a failure fatal.
 */
export function fatalAsWritten(scope: Scope, node: { kw: Keywords }): boolean {
  return pyTruthy(keyword(scope, node, 'any_errors_fatal') ?? false);
}

/** include_role's own switches, converted. */
export interface IncludeRoleFlags {
  public: boolean;
  allowDuplicates: boolean;
  rolespecValidate: boolean;
}

/**
 * include_role's public, allow_duplicates and rolespec_validate (rendered arguments), converted as
 * Ansible's strategy does when it loads the role: a value that is no boolean stops the whole run
 * there (no task fails, ignore_errors and rescue do not apply).
 */
export function includeRoleFlags(args: Record<string, unknown>, pos: SourcePos): IncludeRoleFlags {
  const read = (name: string, unset: boolean): boolean => {
    if (args[name] === undefined) return unset;
    try {
      return keywordBool(name, args[name]);
    } catch (e) {
      throw new RunStopError(`include_role: ${errText(e)}`, pos);
    }
  };
  return {
    public: read('public', false),
    allowDuplicates: read('allow_duplicates', true),
    rolespecValidate: read('rolespec_validate', true),
  };
}

/**
 * A task's check and diff modes: its check_mode and diff rendered and converted (a value that is
 * no boolean throws: the task fails), else the run's --check and --diff. A looped task's are
 * rendered per item, with the item, as Ansible's post_validate runs per item.
 */
export function checkAndDiff(
  run: { check: boolean; diff: boolean },
  scope: Scope,
  node: { kw: Keywords },
  render: (v: unknown) => unknown,
): { check: boolean; diff: boolean } {
  const check = renderedKeyword(scope, node, 'check_mode', render);
  const diff = renderedKeyword(scope, node, 'diff', render);
  return {
    check: check === undefined ? run.check : keywordBool('check_mode', check),
    diff: diff === undefined ? run.diff : keywordBool('diff', diff),
  };
}
