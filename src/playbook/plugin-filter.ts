import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseYaml } from '../yaml/load.js';

/**
 * Ansible's plugin filter ([defaults] plugin_filters_cfg, else /etc/ansible/plugin_filters.yml):
 * the modules of `module_blacklist` are not found by their bare name (`copy`; ansible.builtin.copy
 * still is, as in Ansible 2.14), so a task naming one is an unknown module. Read once per run,
 * before the playbooks load; stat in the list stops the run, as Ansible does.
 */

const DEFAULT_FILE = '/etc/ansible/plugin_filters.yml';
let rejected: ReadonlySet<string> = new Set();

/** Whether a module name as written in a task is filtered out. */
export function isFilteredModule(name: string): boolean {
  return rejected.has(name);
}

/** No module filtered (the state before a run reads its filter). */
export function resetPluginFilter(): void {
  rejected = new Set();
}

/** Reads the filter file; the warnings are Ansible's for a file it skips. */
export function loadPluginFilter(configured: string | undefined): { warnings: string[] } {
  resetPluginFilter();
  const file = configured ?? DEFAULT_FILE;
  if (!existsSync(file))
    return { warnings: configured ? [`The plugin filter file, ${file} does not exist. Skipping.`] : [] };
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'), file);
  } catch (e) {
    return {
      warnings: [`The plugin filter file, ${file} was not parsable. Skipping: ${(e as Error).message}`],
    };
  }
  const filter = (data ?? {}) as Record<string, unknown>;
  if (typeof filter !== 'object' || !('filter_version' in filter))
    return { warnings: [`The plugin filter file, ${file} was invalid. Skipping.`] };
  if (String(filter.filter_version).trim() !== '1.0')
    return {
      warnings: [
        `The plugin filter file, ${file} was a version not recognized by this version of Ansible. Skipping.`,
      ],
    };
  // Ansible 2.14 reads module_blacklist only (module_rejectlist is documented, never read)
  const list = filter.module_blacklist;
  if (!Array.isArray(list))
    return {
      warnings: [
        `Unable to parse the plugin filter file ${file} as module_blacklist is not a list. Skipping.`,
      ],
    };
  const names = new Set(list.map(String));
  if (names.has('stat'))
    throw new InputError(
      `The stat module was specified in the module blacklist file, ${file}, but Ansible will not function without the stat module.  Please remove stat from the blacklist.`,
      undefined,
      `remove stat from module_blacklist in ${file}`,
    );
  rejected = names;
  return { warnings: [] };
}
