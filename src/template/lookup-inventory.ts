import type { Inventory } from '../inventory/types.js';
import { matchHosts } from '../inventory/patterns.js';
import { isPlainObject, pyStr } from './python.js';

/**
 * The `inventory_hostnames` lookup as ansible-core 2.14 runs it: the host patterns matched against
 * an inventory made up from the `groups` variable alone (each group with the hosts it lists, no
 * children, no variables). A pattern that cannot be evaluated gives no hosts, as in Ansible.
 */
export function inventoryHostnames(groups: unknown, terms: unknown[]): string[] {
  const inv: Inventory = { hosts: new Map(), groups: new Map(), sources: [] };
  const grouped = isPlainObject(groups) ? groups : {};
  for (const [name, members] of Object.entries(grouped)) {
    const hosts = Array.isArray(members) ? members.map(pyStr) : [];
    inv.groups.set(name, { name, vars: {}, children: [], hosts });
    for (const h of hosts) {
      const host = inv.hosts.get(h) ?? { name: h, vars: {}, groups: [] };
      if (name !== 'all') host.groups.push(name);
      inv.hosts.set(h, host);
    }
  }
  try {
    return matchHosts(inv, terms.map(pyStr));
  } catch {
    return [];
  }
}
