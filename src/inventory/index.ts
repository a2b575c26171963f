// Owner: helper A. Signatures agreed by the team; bodies replace these placeholders.
import type { Inventory } from './types.js';

/** Reads INI/YAML inventory files or directories (plus group_vars/ host_vars/ beside them and beside playbookDir). */
export function loadInventory(_sources: string[], _opts: { playbookDir?: string } = {}): Inventory {
  throw new Error('loadInventory: not implemented yet');
}

/** Inventory variables of one host: group vars (all, then by depth, then name), then host vars. */
export function hostVars(_inv: Inventory, _host: string): Record<string, unknown> {
  throw new Error('hostVars: not implemented yet');
}

/** The `groups` magic variable: group name -> host names. */
export function groupsMap(_inv: Inventory): Record<string, string[]> {
  throw new Error('groupsMap: not implemented yet');
}

/** The `group_names` magic variable of a host. */
export function groupNamesOf(_inv: Inventory, _host: string): string[] {
  throw new Error('groupNamesOf: not implemented yet');
}

/** Hosts matching an Ansible pattern (and --limit), in inventory order. */
export function selectHosts(_inv: Inventory, _pattern: string | string[], _limit?: string): string[] {
  throw new Error('selectHosts: not implemented yet');
}
