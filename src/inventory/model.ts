// Building an Inventory the way Ansible's InventoryData does: groups and hosts in the order first
// seen, `all` and `ungrouped` always present, and the reconcile step that runs after all sources.
import { InputError, type SourcePos } from '../errors.js';
import { hashBehaviour, mergedValue } from '../vars/hash-behaviour.js';
import type { Inventory, InventoryGroup, InventoryHost } from './types.js';
import { isBoxedFloat } from '../util/py-float.js';
import { safeGroupName, type GroupNameMode } from './group-names.js';

export function emptyInventory(groupNameMode?: GroupNameMode): Inventory {
  const inv: Inventory = { hosts: new Map(), groups: new Map(), sources: [], warnings: [], groupNameMode };
  addGroup(inv, 'all');
  addGroup(inv, 'ungrouped');
  addChild(inv, 'all', 'ungrouped');
  return inv;
}

/** The group of that name, made if new; its name may differ from the one asked (safeGroupName). */
export function addGroup(inv: Inventory, asked: string, pos?: SourcePos): InventoryGroup {
  if (!asked) throw new InputError('empty group name', pos, 'give the group a name');
  let g = inv.groups.get(asked);
  if (g) return g;
  const name = safeGroupName(inv, asked);
  g = inv.groups.get(name);
  if (!g) {
    g = { name, vars: {}, children: [], hosts: [], pos };
    inv.groups.set(name, g);
  }
  return g;
}

/** Adds the host if new (a port only counts then, as in Ansible), and puts it into `group`. */
export function addHost(
  inv: Inventory,
  name: string,
  group: string | undefined,
  port?: number,
  pos?: SourcePos,
): InventoryHost {
  if (!name) throw new InputError('empty host name', pos, 'give the host a name');
  let h = inv.hosts.get(name);
  if (!h) {
    h = { name, vars: {}, groups: [], pos };
    if (port) h.vars['ansible_port'] = port;
    inv.hosts.set(name, h);
  }
  if (group !== undefined) {
    const g = inv.groups.get(group);
    if (!g) throw new InputError(`could not find group ${group} in inventory`, pos);
    if (!g.hosts.includes(name)) g.hosts.push(name);
    // `groups` lists direct groups other than 'all' (all.hosts still records the membership)
    if (group !== 'all' && !h.groups.includes(group)) h.groups.push(group);
  }
  return h;
}

/** Parent group names of a group. */
export function parentsOf(inv: Inventory, group: string): string[] {
  const out: string[] = [];
  for (const g of inv.groups.values()) if (g.children.includes(group)) out.push(g.name);
  return out;
}

/** All groups above `group` (not itself). */
export function ancestorsOf(inv: Inventory, group: string): Set<string> {
  const seen = new Set<string>();
  const todo = [group];
  while (todo.length) {
    for (const p of parentsOf(inv, todo.pop()!)) {
      if (!seen.has(p)) {
        seen.add(p);
        todo.push(p);
      }
    }
  }
  return seen;
}

/** Adds a child group (or a host) to a group. */
export function addChild(inv: Inventory, parent: string, child: string, pos?: SourcePos): void {
  const g = inv.groups.get(parent);
  if (!g) throw new InputError(`${parent} is not a known group`, pos);
  if (inv.groups.has(child)) {
    if (parent === child)
      throw new InputError(`can't add group ${child} to itself`, pos, 'remove the self-reference');
    if (g.children.includes(child)) return;
    if (ancestorsOf(inv, parent).has(child)) {
      throw new InputError(
        `adding group '${child}' as child to '${parent}' creates a recursive dependency loop`,
        pos,
        'a group may not be (indirectly) a child of itself',
      );
    }
    g.children.push(child);
  } else if (inv.hosts.has(child)) {
    addHost(inv, child, parent);
  } else {
    throw new InputError(`${child} is not a known host nor group`, pos);
  }
}

/** Sets a variable on a group or host; `ansible_group_priority` becomes the group's priority. */
/** Connection variables whose meaning is fixed: a port is a number. */
const PORT_VARS = new Set(['ansible_port', 'ansible_ssh_port']);

function checkFixedVariable(name: string, value: unknown, pos: SourcePos | undefined): void {
  if (!PORT_VARS.has(name) || value === null || value === undefined) return;
  if (typeof value === 'string' && (value.includes('{{') || value.includes('{%'))) return;
  const n =
    typeof value === 'number' || isBoxedFloat(value)
      ? Number(value)
      : /^\s*\d+\s*$/.test(String(value))
        ? Number(value)
        : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InputError(
      `${name}=${String(value)} is not a port number`,
      pos,
      'write a number from 1 to 65535',
    );
}

export function setVariable(
  inv: Inventory,
  entity: string,
  key: string,
  value: unknown,
  pos?: SourcePos,
): void {
  checkFixedVariable(key, value, pos);
  const g = inv.groups.get(entity);
  if (g) {
    if (key === 'ansible_group_priority') {
      const n = typeof value === 'number' ? value : Number.parseInt(String(value), 10);
      if (!Number.isInteger(n))
        throw new InputError(`ansible_group_priority must be an integer, got '${String(value)}'`, pos);
      g.priority = n;
    } else g.vars[key] = mergedVariable(g.vars[key], value);
    return;
  }
  const h = inv.hosts.get(entity);
  if (!h) throw new InputError(`could not identify group or host named ${entity}`, pos);
  h.vars[key] = mergedVariable(h.vars[key], value);
}

/** A variable set again (a host listed twice, a group's vars in two sources) merges with hash_behaviour=merge. */
function mergedVariable(old: unknown, value: unknown): unknown {
  return hashBehaviour() === 'merge' ? mergedValue(old, value) : value;
}

/** Groups and hosts of a host, including every ancestor group. */
export function allGroupsOf(inv: Inventory, host: string): Set<string> {
  const h = inv.hosts.get(host);
  const out = new Set<string>();
  if (!h) return out;
  if (inv.groups.get('all')?.hosts.includes(host)) out.add('all');
  for (const g of h.groups) {
    out.add(g);
    for (const a of ancestorsOf(inv, g)) out.add(a);
  }
  return out;
}

/** Ansible's reconcile_inventory: top groups join `all`, hosts without a group join `ungrouped`. */
export function reconcile(inv: Inventory): void {
  for (const g of inv.groups.values()) {
    if (g.name !== 'all' && parentsOf(inv, g.name).length === 0) addChild(inv, 'all', g.name);
  }
  const ungrouped = inv.groups.get('ungrouped')!;
  for (const h of inv.hosts.values()) {
    const mine = allGroupsOf(inv, h.name);
    if (mine.has('ungrouped')) {
      if ([...mine].some((g) => g !== 'all' && g !== 'ungrouped')) {
        ungrouped.hosts = ungrouped.hosts.filter((n) => n !== h.name);
        h.groups = h.groups.filter((n) => n !== 'ungrouped');
      }
    } else if (!h.implicit && (mine.size === 0 || (mine.size === 1 && mine.has('all')))) {
      // the implicit localhost stays in no group, as in Ansible
      addHost(inv, h.name, 'ungrouped');
    }
  }
  for (const [name, g] of inv.groups) {
    // Ansible warns, then a pattern naming it means both: almost surely a mistake
    const h = inv.hosts.get(name);
    if (h && !g.ofHost)
      throw new InputError(
        `'${name}' is both a group and a host`,
        h.pos ?? g.pos,
        'rename one of them; a pattern with this name would mean both',
      );
  }
}
