import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { argumentSpecErrors } from '../playbook/arg-spec-validator.js';
import { YAML_TEXT } from '../playbook/text-origin.js';
import { isTemplatedDeep } from '../playbook/load-context.js';
import type { RoleInstance } from '../playbook/types.js';
import { posOf } from '../yaml/load.js';
import { checkVarNames } from './keywords.js';
import type { Problems } from './problems.js';

/**
 * A role's own mistakes: a role directory with nothing a role is made of (a typo in a path, a
 * role not yet written: Ansible runs it as nothing), role vars with bad names, and its
 * argument_specs against the values known when the playbook loads: the role's parameters and
 * its vars/ (nothing but -e and set_fact overrides them; a missing required value may still come
 * from the inventory, so only types and choices are judged here).
 */

const ROLE_PARTS = ['tasks', 'handlers', 'defaults', 'vars', 'meta', 'files', 'templates', 'library'];

function isEmptyRole(role: RoleInstance): boolean {
  let entries: string[];
  try {
    entries = readdirSync(role.path);
  } catch {
    return false;
  }
  return !entries.some((e) => ROLE_PARTS.includes(e)) && !existsSync(join(role.path, 'tasks'));
}

export function checkRole(role: RoleInstance, extraVars: Record<string, unknown>, out: Problems): void {
  if (isEmptyRole(role))
    out.error(
      role.pos,
      `role '${role.name}' (${role.path}) has no tasks/main.yml and nothing else a role holds`,
      'check the role name and roles path, or add tasks/main.yml',
    );
  checkVarNames(role.params, role.pos, `role '${role.name}'`, out);
  if (!role.argumentSpec) return;
  // the role's parameters are all checked (one the spec lacks is an error when the role starts);
  // of its vars/, those the spec names
  const options = role.argumentSpec.options;
  const known: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(role.vars)) if (k in options) known[k] = v;
  Object.assign(known, role.params);
  for (const k of Object.keys(known)) if (k in extraVars || isTemplatedDeep(known[k])) delete known[k];
  // what is left is literal YAML: its texts are AnsibleUnicode in Ansible's messages
  const textClasses = Object.fromEntries(Object.keys(known).map((k) => [k, YAML_TEXT]));
  for (const msg of argumentSpecErrors(options, known, { partial: true, textClasses })) {
    const name = namedIn(msg);
    const where = (name && (posOf(role.params, name) ?? posOf(role.vars, name))) || role.pos;
    out.error(where, `role '${role.name}': ${msg}`, `see ${join(role.path, 'meta/argument_specs.yml')}`);
  }
}

/** The option one of Ansible's spec messages is about (its first, for unknown names). */
function namedIn(msg: string): string | undefined {
  return (/^argument '([^'.[\]]+)/.exec(msg) ??
    /^value of ([^ ]+) must/.exec(msg) ??
    /^([^ .,]+)[.,]/.exec(msg))?.[1];
}
