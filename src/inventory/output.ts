// What `fabplay inventory` prints: the same as ansible-inventory --list / --graph / --host.
import { hostVars } from './host-vars.js';
import type { Inventory } from './types.js';
import { combineInto } from '../vars/hash-behaviour.js';
import { floatRepr, isBoxedFloat, isFloat } from '../util/py-float.js';

type Json = Record<string, unknown>;

/** Variables ansible-inventory leaves out of its output (magic and per-run values). */
const INTERNAL_VARS = new Set([
  'ansible_diff_mode',
  'ansible_config_file',
  'ansible_facts',
  'ansible_forks',
  'ansible_inventory_sources',
  'ansible_limit',
  'ansible_playbook_python',
  'ansible_run_tags',
  'ansible_skip_tags',
  'ansible_verbosity',
  'ansible_version',
  'inventory_dir',
  'inventory_file',
  'inventory_hostname',
  'inventory_hostname_short',
  'groups',
  'group_names',
  'omit',
  'playbook_dir',
]);

function withoutInternal(vars: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(vars)) if (!INTERNAL_VARS.has(k)) out[k] = v;
  return out;
}

/** Variables of a host as `--host` and `_meta.hostvars` show them. */
export function shownHostVars(inv: Inventory, host: string): Json {
  return withoutInternal(hostVars(inv, host));
}

/** Group variables as `--export` / `--graph --vars` show them: inventory vars, then group_vars/ files. */
export function shownGroupVars(inv: Inventory, group: string): Json {
  const g = inv.groups.get(group);
  if (!g) return {};
  const out: Json = { ...g.vars };
  for (const d of inv.varsDirs ?? []) combineInto(out, d.groups.get(group));
  if ((g.priority ?? 1) !== 1) out['ansible_group_priority'] = g.priority;
  return withoutInternal(out);
}

/** Host's own variables (inline and host_vars/), for `--export`. */
function exportedHostVars(inv: Inventory, host: string): Json {
  const out: Json = { ...inv.hosts.get(host)?.vars };
  for (const d of inv.varsDirs ?? []) combineInto(out, d.hosts.get(host));
  return withoutInternal(out);
}

/** The structure of `ansible-inventory --list` (JSON inventory script format with _meta.hostvars). */
export function inventoryList(inv: Inventory, opts: { export?: boolean } = {}): Json {
  const results: Json = {};
  const seen = new Set<string>();
  const format = (name: string): void => {
    const g = inv.groups.get(name)!;
    const entry: Json = {};
    if (name !== 'all' && g.hosts.length) entry['hosts'] = [...g.hosts];
    if (g.children.length) entry['children'] = [...g.children];
    if (opts.export) {
      const vars = shownGroupVars(inv, name);
      if (Object.keys(vars).length) entry['vars'] = vars;
    }
    // children are written before the parent's entry is finished, as Ansible's recursion does
    for (const c of g.children) {
      if (!seen.has(c)) {
        seen.add(c);
        format(c);
      }
    }
    if (Object.keys(entry).length) results[name] = entry;
  };
  format('all');
  const hostvars: Json = {};
  for (const h of inv.hosts.values()) {
    if (h.implicit) continue;
    const vars = opts.export ? exportedHostVars(inv, h.name) : shownHostVars(inv, h.name);
    if (Object.keys(vars).length) hostvars[h.name] = vars;
  }
  results['_meta'] = { hostvars };
  return results;
}

/** Python's str() of a value, close enough for `--graph --vars`. */
function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (isFloat(v)) return floatRepr(Number(v));
  if (typeof v === 'number') return String(v);
  return pyRepr(v);
}

function pyRepr(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v !== null && typeof v === 'object' && !isBoxedFloat(v)) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
      .join(', ')}}`;
  }
  return pyStr(v);
}

function graphName(name: string, depth: number): string {
  return depth ? '  |'.repeat(depth) + '--' + name : name;
}

function showVars(vars: Json, depth: number): string[] {
  return Object.keys(vars)
    .sort()
    .map((k) => graphName(`{${k} = ${pyStr(vars[k])}}`, depth));
}

/** The lines of `ansible-inventory --graph [GROUP] [--vars]`. */
export function inventoryGraph(inv: Inventory, group: string, opts: { vars?: boolean } = {}): string[] {
  const walk = (name: string, depth: number): string[] => {
    const g = inv.groups.get(name)!;
    const lines = [graphName(`@${name}:`, depth)];
    for (const c of g.children) lines.push(...walk(c, depth + 1));
    if (name !== 'all') {
      for (const h of g.hosts) {
        lines.push(graphName(h, depth + 1));
        if (opts.vars) lines.push(...showVars(shownHostVars(inv, h), depth + 2));
      }
    }
    if (opts.vars) lines.push(...showVars(shownGroupVars(inv, name), depth + 1));
    return lines;
  };
  return walk(group, 0);
}

export { pythonJson } from '../util/python-json.js';
