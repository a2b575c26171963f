import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SourcePos } from '../errors.js';
import type { Problems } from './problems.js';

/**
 * Python plugins beside a playbook or in a role: Ansible's plugin loaders search these
 * subdirectories of both (library/ and module_utils/ are modules of the user's own, which fabplay
 * runs; doc_fragments only document). fabplay runs no Python plugins, and an action plugin there
 * changes every task of its module (async_fail's action_plugins/normal.py every module's), so the
 * run says what it leaves out instead of running without it unseen.
 */
const PLUGIN_DIRS = [
  'action_plugins',
  'become_plugins',
  'cache_plugins',
  'callback_plugins',
  'cliconf_plugins',
  'connection_plugins',
  'filter_plugins',
  'httpapi_plugins',
  'inventory_plugins',
  'lookup_plugins',
  'netconf_plugins',
  'shell_plugins',
  'strategy_plugins',
  'terminal_plugins',
  'test_plugins',
  'vars_plugins',
];

/** The plugin files under `dir`, as `action_plugins/normal.py`, in order. */
export function pythonPluginFiles(dir: string): string[] {
  const found: string[] = [];
  for (const sub of PLUGIN_DIRS) {
    let names: string[];
    try {
      names = readdirSync(join(dir, sub));
    } catch {
      continue; // no such directory
    }
    // Ansible's loader skips names starting with `_` (__init__.py)
    for (const name of names.sort())
      if (name.endsWith('.py') && !name.startsWith('_')) found.push(`${sub}/${name}`);
  }
  return found;
}

/** A warning naming the Python plugins `where` (a role, the playbook's directory) holds. */
export function warnPythonPlugins(dir: string, where: string, pos: SourcePos, out: Problems): void {
  const files = pythonPluginFiles(dir);
  if (!files.length) return;
  out.warn(
    pos,
    `${where} holds Python plugins, which fabplay does not run: ${files.join(', ')}`,
    'a filter, test or lookup of theirs fails the task using it; tasks an action plugin of theirs would handle run without it',
  );
}
