// ansible-playbook's warning for an inventory without hosts.
import type { Config } from '../config/index.js';
import { selectHosts } from '../inventory/index.js';
import type { Inventory } from '../inventory/types.js';
import { displayWarning } from './display-warning.js';

export const EMPTY_INVENTORY_WARNING =
  "provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'";

/**
 * What ansible-playbook 2.14 prints on stderr once its inventory is read, before --limit applies
 * (CLI.get_host_list): the warning when no host is in `all` (the implicit localhost is not), unless
 * [defaults] localhost_warning is off; as its Display prints a warning when not on a terminal.
 * The run's listings (--list-tasks, --syntax-check) print it too; ansible-inventory does not.
 */
export function emptyInventoryWarning(inv: Inventory, config: Pick<Config, 'localhostWarning'>): string {
  if (config.localhostWarning?.value === false || selectHosts(inv, 'all').length) return '';
  return displayWarning(EMPTY_INVENTORY_WARNING);
}
