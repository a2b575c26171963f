// Inventory: loads sources into hosts, groups and vars, and selects hosts by pattern and --limit.
import { resolve } from 'node:path';
import { matchHosts } from './patterns.js';
import { emptyInventory, reconcile } from './model.js';
import { readSource } from './sources.js';
import { checkEnabled } from './plugins.js';
import type { Inventory } from './types.js';
import type { GroupNameMode } from './group-names.js';
import { readVarsDir } from './vars-dirs.js';

export { hostVars, groupsMap, groupNamesOf, groupHosts } from './host-vars.js';
export { inventoryList, inventoryGraph, shownHostVars, shownGroupVars, pythonJson } from './output.js';
export { splitHostPattern, matchHosts, implicitLocalhost, limitWarnings, LOCALHOST } from './patterns.js';
// for modules that change the inventory while a play runs (add_host, group_by)
export { addChild, addGroup, addHost, setVariable } from './model.js';

/** The `inventory_file` magic variable: the file that first named the host (undefined for host lists). */
export function inventoryFileOf(inv: Inventory, host: string): string | undefined {
  return inv.hosts.get(host)?.pos?.file;
}

/** Reads INI/YAML inventory files or directories (plus group_vars/ host_vars/ beside them and beside playbookDir). */
export function loadInventory(
  sources: string[],
  opts: {
    playbookDir?: string;
    cwd?: string;
    groupNameMode?: GroupNameMode;
    /** [inventory] enable_plugins; undefined: Ansible's default list */
    plugins?: string[];
  } = {},
): Inventory {
  const cwd = opts.cwd ?? process.cwd();
  checkEnabled(opts.plugins);
  const inv = emptyInventory(opts.groupNameMode);
  const varsBases: string[] = [];
  let parsed = false;
  for (const source of sources) {
    const read = readSource(inv, source, cwd, opts.plugins);
    if (read.varsBase) varsBases.push(read.varsBase);
    parsed ||= read.parsed;
  }
  // as Ansible's parse_sources: what a half-read file added joins `all` only if a source parsed
  if (parsed) reconcile(inv);
  else if (sources.length)
    inv.warnings?.push('No inventory was parsed, only implicit localhost is available');
  inv.varsDirs = varsBases.map((d) => readVarsDir(inv, d, 'inventory'));
  if (opts.playbookDir) inv.varsDirs.push(readVarsDir(inv, resolve(cwd, opts.playbookDir), 'playbook'));
  return inv;
}

/** Hosts matching an Ansible pattern (and --limit), in inventory order. */
export function selectHosts(
  inv: Inventory,
  pattern: string | string[],
  limit?: string,
  /** collects `Could not match supplied host pattern` for the pattern's parts (not the limit's) */
  warnings?: string[],
): string[] {
  return matchHosts(inv, pattern, limit, warnings);
}
