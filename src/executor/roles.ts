import { Templar } from '../template/index.js';
import { argumentSpecErrors } from '../playbook/arg-spec-validator.js';
import { UNSAFE_TEXT, plainTextVars, textClassOf } from '../playbook/text-origin.js';
import { tracked } from '../template/unsafe.js';
import { roleIdentity } from '../playbook/roles.js';
import type { RoleInstance, TaskNode } from '../playbook/types.js';
import type { PlayState } from './state.js';
import { hostState, isActive } from './state.js';
import type { Scope } from './scope.js';
import { roleEntryScope } from './scope.js';
import { taskVars } from './vars.js';
import { count, showTaskHeader } from './results.js';
import { errText } from './task-args.js';
import { runNodes } from './blocks.js';

/** A role's dependencies (depth first), then the role itself. */
export function roleChain(role: RoleInstance): RoleInstance[] {
  return [...role.dependencies.flatMap(roleChain), role];
}

/** The identity of a role in a play: a role runs once per play unless its parameters (or when, tags, vars) differ. */
export function roleKey(role: RoleInstance): string {
  return JSON.stringify(roleIdentity(role.path, role.params, role.kw));
}

/** One step of the play's lockstep: a task node in a scope, or a role's argument check. */
export type Step =
  { kind: 'node'; node: TaskNode; scope: Scope } | { kind: 'argspec'; role: RoleInstance; scope: Scope };

/**
 * A dependency reached on a host through import_role or include_role: false when that role (same
 * parameters) already ran in this play for the host and does not allow duplicates, as Ansible
 * skips a role that has run. Marks it as run otherwise. The imported role itself always runs.
 */
export function dependencyRuns(ps: PlayState, host: string, role: RoleInstance): boolean {
  const key = roleKey(role);
  if (role.allowDuplicates) return true;
  if (ps.rolesDone.has(key) || ps.rolesDone.has(`${host}\u0000${key}`)) return false;
  markRoleRan(ps, host, role);
  return true;
}

/** Notes that a role ran on a host (a later dependency on it is skipped there). */
export function markRoleRan(ps: PlayState, host: string, role: RoleInstance): void {
  ps.rolesDone.add(`${host}\u0000${roleKey(role)}`);
}

/**
 * Whether an import_role's or include_role's role runs on `host`: not where it already ran to its
 * end in this play while its shared role object says allow_duplicates: false (Ansible's has_run).
 */
export function importedRoleRuns(ps: PlayState, host: string, key: string, allow: boolean): boolean {
  return allow || !ps.rolesCompleted.has(`${host}\u0000${key}`);
}

/** The role reached its end on `host` (Ansible's implicit role_complete: a failed host never does). */
export function importedRoleCompleted(ps: PlayState, host: string, key: string): void {
  if (isActive(hostState(ps.run, host))) ps.rolesCompleted.add(`${host}\u0000${key}`);
}

/** A role's dependencies (depth first), then the role, each with the roles that pulled it in. */
function roleChainWithParents(
  role: RoleInstance,
  parents: RoleInstance[] = [],
): Array<{ role: RoleInstance; parents: RoleInstance[] }> {
  return [
    ...role.dependencies.flatMap((d) => roleChainWithParents(d, [...parents, role])),
    { role, parents },
  ];
}

/** The steps of the play's roles, dependencies first, each role once (unless it allows duplicates). */
export function roleSteps(ps: PlayState, roles: RoleInstance[], base: Scope): Step[] {
  const steps: Step[] = [];
  for (const top of roles) {
    for (const { role: r, parents } of roleChainWithParents(top)) {
      const key = roleKey(r);
      // meta allow_duplicates: true runs the role each time the play lists it
      if (ps.rolesDone.has(key) && !r.allowDuplicates) continue;
      ps.rolesDone.add(key);
      const scope = roleEntryScope(base, r, { roleParents: parents });
      if (r.argumentSpec) steps.push({ kind: 'argspec', role: r, scope });
      for (const node of r.tasks) steps.push({ kind: 'node', node, scope });
    }
  }
  return steps;
}

/** include_role on one host: the chain's argument checks and tasks, in order. */
export async function runRoleNodes(
  ps: PlayState,
  host: string,
  role: RoleInstance,
  base: Scope,
  validate = true,
): Promise<void> {
  const outer = base.role ? [...(base.roleParents ?? []), base.role] : [];
  for (const { role: r, parents } of roleChainWithParents(role, outer)) {
    if (r === role) markRoleRan(ps, host, r);
    else if (!dependencyRuns(ps, host, r)) continue;
    const scope = roleEntryScope(base, r, { roleParents: parents });
    // include_role's rolespec_validate: false skips the role's own argument check
    if (r.argumentSpec && (validate || r !== role)) await checkRoleArgs(ps, host, r, scope);
    if (!isActive(hostState(ps.run, host))) return;
    await runNodes(ps, host, r.tasks, scope);
  }
}

/** A role's argument_specs, checked before any of its tasks: a failure fails the host with the messages. */
export async function checkRoleArgs(
  ps: PlayState,
  host: string,
  role: RoleInstance,
  scope: Scope,
): Promise<void> {
  const hs = hostState(ps.run, host);
  if (!isActive(hs)) return;
  const spec = role.argumentSpec!;
  // Ansible's name for the task it puts before the role's own
  const about = spec.short_description !== undefined ? ` - ${spec.short_description}` : '';
  const name = `${role.name} : Validating arguments against arg spec '${spec.entryPoint}'${about}`;
  // its arguments as Ansible's role builds them (display_args_to_stdout shows them)
  const args = {
    argument_spec: spec.options,
    provided_arguments: role.params,
    validate_args_context: {
      type: 'role',
      name: role.name,
      argument_spec_name: spec.entryPoint,
      path: role.path,
    },
  };
  const pseudo = { kw: {}, pos: spec.pos, action: 'validate_argument_spec', args };
  showTaskHeader(ps, pseudo as never, scope, name);
  let messages: string[];
  try {
    const vars = taskVars(ps, host, scope, {});
    // Ansible's validate_argument_spec task: the spec's names among the variables, under the
    // role's parameters (all of them: one the spec lacks is an error), templated
    const t = new Templar(vars);
    const options = role.argumentSpec!.options;
    const given: Record<string, unknown> = {};
    // each text's Python class as Ansible names it in a type error (playbook/text-origin.ts)
    const textClasses: Record<string, string> = {};
    const plain = plainTextVars(ps.run.req.extraVars);
    const take = (k: string, raw: unknown, fromCli: boolean): void => {
      const { value, unsafe } = tracked(() => t.template(raw));
      given[k] = value;
      const cls = unsafe ? UNSAFE_TEXT : fromCli ? undefined : textClassOf(raw, vars, plain);
      if (cls) textClasses[k] = cls;
      else delete textClasses[k];
    };
    // an include's vars are stored templated: their origin is told from them as written
    const written = (k: string): unknown =>
      scope.includeRawVars && k in scope.includeRawVars ? scope.includeRawVars[k] : vars[k];
    for (const k of Object.keys(options)) if (k in vars) take(k, written(k), plain.has(k));
    for (const [k, v] of Object.entries(role.params)) take(k, v, false);
    messages = argumentSpecErrors(options, given, { textClasses });
  } catch (e) {
    messages = [errText(e)];
  }
  const failed = messages.length > 0;
  const context = { argument_spec_name: spec.entryPoint, name: role.name, path: role.path, type: 'role' };
  const result = failed
    ? {
        changed: false,
        failed: true,
        argument_errors: messages,
        argument_spec_data: spec.options,
        msg: `Validation of arguments failed:\n${messages.join('\n')}`,
        validate_args_context: context,
      }
    : { changed: false, msg: 'The arg spec validation passed', validate_args_context: context };
  ps.run.out.emit({
    event: 'host_result',
    host,
    task: name,
    handler: false,
    action: 'validate_argument_spec',
    status: failed ? 'failed' : 'ok',
    duration_ms: 0,
    result,
  });
  const rescued = failed && scope.rescuable;
  count(ps, host, { status: failed ? 'failed' : 'ok', changed: false, rescued });
  if (failed) {
    hs.failed = true;
    // Ansible's validation task names its action in full
    hs.lastFailure = { task: { name, action: 'ansible.builtin.validate_argument_spec' }, result };
  }
}
