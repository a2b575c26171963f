// Inventory variables of a host, merged in Ansible's order (VariableManager.get_vars with its
// default VARIABLE_PRECEDENCE), and the magic `groups` / `group_names`.
import { combineInto } from '../vars/hash-behaviour.js';
import { allGroupsOf } from './model.js';
import type { Inventory } from './types.js';

type Vars = Record<string, unknown>;

/** Longest distance of each group from `all` (all = 0), as Ansible's Group.depth ends up. */
export function groupDepths(inv: Inventory): Map<string, number> {
  const depth = new Map<string, number>();
  const visit = (name: string, d: number, path: Set<string>): void => {
    if ((depth.get(name) ?? -1) >= d || path.has(name)) return;
    depth.set(name, d);
    path.add(name);
    for (const c of inv.groups.get(name)?.children ?? []) visit(c, d + 1, path);
    path.delete(name);
  };
  visit('all', 0, new Set());
  for (const g of inv.groups.keys()) if (!depth.has(g)) visit(g, 0, new Set());
  return depth;
}

/** The host's groups other than `all`, sorted by (depth, priority, name) like Ansible's sort_groups. */
export function sortedGroupsOf(inv: Inventory, host: string, depths = groupDepths(inv)): string[] {
  const names = [...allGroupsOf(inv, host)].filter((g) => g !== 'all');
  const key = (g: string): [number, number] => [depths.get(g) ?? 0, inv.groups.get(g)?.priority ?? 1];
  return names.sort((a, b) => {
    const [da, pa] = key(a);
    const [db, pb] = key(b);
    return da - db || pa - pb || (a < b ? -1 : a > b ? 1 : 0);
  });
}

const merge = combineInto;

/**
 * Inventory variables of one host. Order (later wins): the `all` group's inventory vars, the other
 * groups' inventory vars (by depth, priority, name), group_vars/all beside the inventory, then beside
 * the playbook, group_vars/<group> beside the inventory, then beside the playbook, the host's own
 * inventory vars, host_vars/<host> beside the inventory, then beside the playbook.
 */
export function hostVars(inv: Inventory, host: string): Vars {
  const h = inv.hosts.get(host);
  if (!h) return {};
  const groups = sortedGroupsOf(inv, host);
  const dirs = inv.varsDirs ?? [];
  const side = (s: 'inventory' | 'playbook') => dirs.filter((d) => d.side === s);
  const out: Vars = {};
  merge(out, inv.groups.get('all')?.vars);
  for (const g of groups) merge(out, inv.groups.get(g)?.vars);
  for (const s of ['inventory', 'playbook'] as const)
    for (const d of side(s)) merge(out, d.groups.get('all'));
  for (const s of ['inventory', 'playbook'] as const)
    for (const d of side(s)) for (const g of groups) merge(out, d.groups.get(g));
  merge(out, h.vars);
  for (const s of ['inventory', 'playbook'] as const) for (const d of side(s)) merge(out, d.hosts.get(host));
  return out;
}

/** Hosts of a group and of all its descendants: the group's own first, then level by level. */
export function groupHosts(inv: Inventory, group: string): string[] {
  const g = inv.groups.get(group);
  if (!g) return [];
  // Ansible walks the levels below the direct children through a Python set (random order between
  // sibling groups); we walk them in definition order so the result is stable.
  const ordered = [group, ...g.children];
  const seen = new Set(ordered);
  let level = [...g.children];
  while (level.length) {
    const next: string[] = [];
    for (const name of level) {
      for (const c of inv.groups.get(name)?.children ?? []) {
        if (!seen.has(c)) {
          seen.add(c);
          next.push(c);
          ordered.push(c);
        }
      }
    }
    level = next;
  }
  const hosts: string[] = [];
  const seenHosts = new Set<string>();
  for (const name of ordered) {
    for (const h of inv.groups.get(name)?.hosts ?? []) {
      if (!seenHosts.has(h)) {
        seenHosts.add(h);
        hosts.push(h);
      }
    }
  }
  return hosts;
}

/** The `groups` magic variable: every group (with all and ungrouped) -> its hosts, descendants included. */
export function groupsMap(inv: Inventory): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of inv.groups.keys()) out[name] = groupHosts(inv, name);
  return out;
}

/** The `group_names` magic variable: the host's groups (ancestors too) except all, sorted. */
export function groupNamesOf(inv: Inventory, host: string): string[] {
  return [...allGroupsOf(inv, host)].filter((g) => g !== 'all').sort();
}
