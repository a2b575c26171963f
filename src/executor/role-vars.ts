import type { Play, RoleInstance } from '../playbook/types.js';
import { combineAll, combineInto } from '../vars/hash-behaviour.js';

/**
 * The variables a role contributes, as Ansible's Role.get_default_vars / get_vars /
 * get_role_params compute them (each by combine_vars: merged under hash_behaviour=merge). `parents` is the chain of roles that pulled this one in (as a
 * meta dependency or through include_role/import_role inside a role), outermost first: a
 * dependency sees its parents' defaults, vars and parameters below its own.
 */

type Vars = Record<string, unknown>;

/** Every dependency below a role, depth first (a dependency's own dependencies before it). */
function allDependencies(role: RoleInstance): RoleInstance[] {
  return role.dependencies.flatMap((d) => [...allDependencies(d), d]);
}

export function roleDefaults(role: RoleInstance, parents: readonly RoleInstance[] = []): Vars {
  return combineAll([
    ...allDependencies(role).map((d) => d.defaults),
    ...parents.map((p) => p.defaults),
    role.defaults,
  ]);
}

/** A role's `vars:` on its entry (in `roles:`, a dependency list, include_role), then its vars/. */
function ownVars(out: Vars, role: RoleInstance): Vars {
  return combineInto(combineInto(out, role.kw.vars as Vars | undefined), role.vars);
}

export function roleVars(role: RoleInstance, parents: readonly RoleInstance[] = []): Vars {
  const out: Vars = {};
  // Ansible's dependency chain of a role's task ends with the role itself: its own vars come
  // first, after its parents', then its dependencies', then its own again (which only shows in
  // the key order of mappings merged under hash_behaviour=merge)
  for (const p of [...parents, role]) ownVars(out, p);
  for (const d of allDependencies(role)) ownVars(out, d);
  return ownVars(out, role);
}

export function roleParams(role: RoleInstance, parents: readonly RoleInstance[] = []): Vars {
  return combineAll([...parents.map((p) => p.params), role.params]);
}

/**
 * The play's roles (its `roles:`, the ones import_role brought in, and those an include_role
 * with `public: true` has run, which Ansible adds to the play): their defaults and vars are seen
 * by every task of the play, as with Ansible's default private_role_vars=false.
 */
export function playRoles(play: Play, publicRoles: readonly RoleInstance[] = []): RoleInstance[] {
  return [...play.roles, ...(play.importedRoles ?? []), ...publicRoles];
}
