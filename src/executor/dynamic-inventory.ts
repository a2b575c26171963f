import { isDeepStrictEqual } from 'node:util';
import { addChild, addGroup, addHost } from '../inventory/index.js';
import { reconcile } from '../inventory/model.js';
import { addGroupVarsDirs, addHostVarsDirs } from '../inventory/vars-dirs.js';
import type { Inventory } from '../inventory/types.js';
import { withWarnings } from '../modules/lib/context.js';
import type { ModuleResult } from '../modules/types.js';
import { isFailed, isSkipped } from './result-flags.js';

/**
 * What add_host and group_by ask for, applied to the in-memory inventory for the rest of the run
 * as Ansible's InventoryManager does (add_dynamic_host / add_dynamic_group): `changed` says
 * whether the inventory changed; changed_when is evaluated after this, as in Ansible.
 */

interface HostInfo {
  host_name: string;
  groups: string[];
  host_vars: Record<string, unknown>;
}

function inGroup(inv: Inventory, group: string, host: string): boolean {
  return inv.groups.get(group)?.hosts.includes(host) ?? false;
}

function addDynamicHost(inv: Inventory, info: HostInfo): boolean {
  let changed = false;
  const name = info.host_name;
  if (!inv.hosts.has(name)) {
    addHost(inv, name, 'all');
    addHostVarsDirs(inv, name);
    changed = true;
  }
  const h = inv.hosts.get(name)!;
  const merged = { ...h.vars, ...info.host_vars };
  if (!isDeepStrictEqual(merged, h.vars)) {
    h.vars = merged;
    changed = true;
  }
  for (const asked of info.groups) {
    const g = addedGroup(inv, asked, () => (changed = true));
    if (!inGroup(inv, g, name)) {
      addHost(inv, name, g);
      changed = true;
    }
  }
  return changed;
}

function addDynamicGroup(inv: Inventory, host: string, asked: string, askedParents: string[]): boolean {
  let changed = false;
  const group = addedGroup(inv, asked);
  for (const p of askedParents.map((name) => addedGroup(inv, name, () => (changed = true)))) {
    const before = inv.groups.get(p)!.children.length;
    addChild(inv, p, group);
    if (inv.groups.get(p)!.children.length !== before) changed = true;
  }
  if (!inGroup(inv, group, host)) {
    addHost(inv, host, group);
    changed = true;
  }
  return changed;
}

/** The group's name in the inventory, its group_vars/ read when it is new (`made` then hears it). */
function addedGroup(inv: Inventory, asked: string, made?: () => void): string {
  if (inv.groups.has(asked)) return asked;
  const name = addGroup(inv, asked).name;
  addGroupVarsDirs(inv, name);
  made?.();
  return name;
}

/**
 * Applies one result's inventory change (if any); the result with `changed` set from it, and with
 * the warnings the inventory gave for the first time (a group name made safe, safeGroupName).
 */
export function applyInventoryChange(inv: Inventory, host: string, res: ModuleResult): ModuleResult {
  if (isFailed(res) || isSkipped(res)) return res;
  const warned = inv.warnings?.length ?? 0;
  let changed: boolean;
  if (res.add_host) changed = addDynamicHost(inv, res.add_host as HostInfo);
  else if (typeof res.add_group === 'string')
    changed = addDynamicGroup(inv, host, res.add_group, (res.parent_groups as string[]) ?? []);
  else return res;
  if (changed) reconcile(inv);
  return withWarnings({ ...res, changed }, inv.warnings?.slice(warned) ?? []);
}

/** One add_host/group_by result applied to the inventory, kept so a refresh can apply it again. */
export interface InventoryChange {
  host: string;
  res: ModuleResult;
}

/**
 * meta: refresh_inventory, as Ansible's InventoryManager.refresh_inventory: the sources are read
 * again, the add_host/group_by changes of the run are applied again on top, and `inv` takes the
 * new content in place (the run holds references to it).
 */
export function refreshInventory(inv: Inventory, fresh: Inventory, changes: InventoryChange[]): void {
  // a group_by of a host the sources no longer hold is dropped (Ansible: "removed during refresh")
  for (const c of changes)
    if (c.res.add_host || fresh.hosts.has(c.host)) applyInventoryChange(fresh, c.host, c.res);
  // the implicit localhost is no source's host: it stays what it was
  for (const h of inv.hosts.values()) if (h.implicit && !fresh.hosts.has(h.name)) fresh.hosts.set(h.name, h);
  inv.hosts = fresh.hosts;
  inv.groups = fresh.groups;
  inv.sources = fresh.sources;
  inv.varsDirs = fresh.varsDirs;
  inv.warnings = fresh.warnings;
}
