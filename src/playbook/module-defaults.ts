import { InputError, didYouMean, type SourcePos } from '../errors.js';
import { catalogNames, moduleName } from '../modules/catalog.js';
import { isAnsibleModuleName } from '../modules/lib/ansible-modules.js';
import { posOf } from '../yaml/load.js';
import { LOADER_ACTIONS, shortActionName } from './keywords.js';

/**
 * `module_defaults` keys, as Ansible 2.14 reads them: a module name (short or FQCN, the same
 * module either way) or `group/NAME` (an action group; a name without a collection is
 * ansible.builtin's). The executor merges them (executor/module-defaults.ts).
 */

/**
 * ansible.builtin's action groups (2.14's config/ansible_builtin_runtime.yml) and the fabplay
 * modules in each: every group but testgroup only extends groups of other collections.
 */
export const BUILTIN_ACTION_GROUPS: Readonly<Record<string, readonly string[]>> = {
  testgroup: ['ping'],
  testlegacy: [],
  aws: [],
  acme: [],
  azure: [],
  cpm: [],
  docker: [],
  gcp: [],
  k8s: [],
  os: [],
  ovirt: [],
  vmware: [],
};

const BUILTIN = 'ansible.builtin.';

/** The group's full name: `group/docker` is `group/ansible.builtin.docker`. */
function groupName(name: string): string {
  return name.split('.').length === 3 ? name : BUILTIN + name;
}

/** One spelling per entry: `group/<fqcn>`, or the catalog's module name (`copy` for `ansible.builtin.copy`). */
export function defaultsKey(key: string): string {
  if (key.startsWith('group/')) return `group/${groupName(key.slice('group/'.length))}`;
  return moduleName(key) ?? key;
}

/** The fabplay modules a `group/<fqcn>` key applies to (none for another collection's group). */
export function groupModules(fqGroup: string): readonly string[] {
  return fqGroup.startsWith(BUILTIN) ? (BUILTIN_ACTION_GROUPS[fqGroup.slice(BUILTIN.length)] ?? []) : [];
}

function isAction(key: string): boolean {
  return (
    moduleName(key) !== undefined || isAnsibleModuleName(key) || LOADER_ACTIONS.has(shortActionName(key))
  );
}

/**
 * Refuses at load what Ansible refuses when it loads the play: an entry that is no mapping, a
 * module Ansible cannot resolve, an ansible.builtin group that does not exist. A group of another
 * collection is taken as it is: fabplay has none of those collections' modules, so it applies to
 * no task fabplay runs.
 */
export function checkModuleDefaults(value: unknown, where: SourcePos, what: string): void {
  if (value === null || value === undefined) return;
  for (const entry of Array.isArray(value) ? value : [value]) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new InputError(
        `${what}: 'module_defaults' must be a mapping or a list of mappings, of module or group names to their default arguments`,
        where,
        "for example: module_defaults: {command: {chdir: /tmp}, 'group/aws': {region: eu-west-1}}",
      );
    for (const key of Object.keys(entry as object)) {
      const at = posOf(entry as object, key) ?? where;
      if (key.startsWith('group/')) {
        const group = groupName(key.slice('group/'.length));
        if (group.startsWith(BUILTIN) && !(group.slice(BUILTIN.length) in BUILTIN_ACTION_GROUPS))
          throw new InputError(
            `${what}: module_defaults: could not resolve the module_defaults group ${group}`,
            at,
            `ansible.builtin's groups are: ${Object.keys(BUILTIN_ACTION_GROUPS).join(', ')}; another collection's group is written group/namespace.collection.name`,
          );
      } else if (!isAction(key)) {
        const guess = didYouMean(key, catalogNames());
        throw new InputError(
          `${what}: module_defaults: could not resolve action ${key.includes('.') ? key : `ansible.legacy.${key}`}${guess ? ` (did you mean '${guess}'?)` : ''}`,
          at,
          'a key is a module name (copy or ansible.builtin.copy) or group/NAME; keys cannot be templates',
        );
      }
    }
  }
}
