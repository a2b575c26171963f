import { LOCALHOST } from './patterns.js';
// group_vars/ and host_vars/ beside an inventory source or a playbook, found and merged as
// Ansible's host_group_vars plugin and DataLoader.find_vars_files do.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { InputError } from '../errors.js';
import { combineAll } from '../vars/hash-behaviour.js';
import { parseYaml } from '../yaml/load.js';
import type { Inventory, VarsDir } from './types.js';

const EXTENSIONS = ['.yml', '.yaml', '.json'];

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Files in a group_vars/<name>/ directory: sorted, recursive, no hidden or backup files. */
function dirVarsFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue;
    const full = join(dir, entry);
    const ext = extname(entry);
    if (isDir(full)) {
      if (!ext) found.push(...dirVarsFiles(full));
    } else if (!ext || EXTENSIONS.includes(ext)) found.push(full);
  }
  return found;
}

/** The first of `<name>` (file or directory), `<name>.yml`, `.yaml`, `.json` that exists: only that one counts. */
export function findVarsFiles(base: string, name: string): string[] {
  for (const ext of ['', ...EXTENSIONS]) {
    const full = join(base, name + ext);
    if (!existsSync(full)) continue;
    return isDir(full) ? dirVarsFiles(full) : [full];
  }
  return [];
}

/** Loads one vars file: YAML (JSON is YAML); empty files count as nothing. */
export function loadVarsFile(file: string): Record<string, unknown> {
  const data = parseYaml(readFileSync(file, 'utf8'), file);
  if (data === null || data === undefined || data === '') return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(
      `vars file must hold a mapping of variable names to values, got ${Array.isArray(data) ? 'a list' : typeof data}`,
      { file, line: 1, col: 1 },
      'write `name: value` lines',
    );
  }
  return data as Record<string, unknown>;
}

function loadEntity(base: string, name: string): Record<string, unknown> | undefined {
  // 'chroot'-style names like /path/to/root are never looked up
  if (name.startsWith(sep)) return undefined;
  const files = findVarsFiles(base, name);
  if (!files.length) return undefined;
  return combineAll(files.map(loadVarsFile));
}

/** Reads group_vars/ and host_vars/ under `dir` for every group and host of the inventory (and localhost). */
export function readVarsDir(inv: Inventory, dir: string, side: VarsDir['side']): VarsDir {
  const result: VarsDir = { dir, side, groups: new Map(), hosts: new Map() };
  for (const [sub, names, into] of [
    ['group_vars', inv.groups.keys(), result.groups],
    // the implicit localhost, added when a play names it, has its host_vars too (as in Ansible)
    ['host_vars', new Set([...inv.hosts.keys(), ...LOCALHOST]), result.hosts],
  ] as const) {
    const base = join(dir, sub);
    if (!existsSync(base)) continue;
    if (!isDir(base)) {
      inv.warnings?.push(`Found ${sub} that is not a directory, skipping: ${base}`);
      continue;
    }
    const real = realpathSync(base);
    for (const name of names) {
      const vars = loadEntity(real, name);
      if (vars) into.set(name, vars);
    }
  }
  return result;
}

/** host_vars/ of a host made up after the inventory was read (the implicit localhost, add_host), as Ansible reads them. */
export function addHostVarsDirs(inv: Inventory, name: string): void {
  addVarsDirs(inv, 'host_vars', name);
}

/** group_vars/ of a group made up after the inventory was read (group_by, add_host groups). */
export function addGroupVarsDirs(inv: Inventory, name: string): void {
  addVarsDirs(inv, 'group_vars', name);
}

function addVarsDirs(inv: Inventory, sub: 'host_vars' | 'group_vars', name: string): void {
  for (const d of inv.varsDirs ?? []) {
    const base = join(d.dir, sub);
    if (!isDir(base)) continue;
    const vars = loadEntity(realpathSync(base), name);
    if (vars) (sub === 'host_vars' ? d.hosts : d.groups).set(name, vars);
  }
}
