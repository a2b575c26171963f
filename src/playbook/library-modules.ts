import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { onRunEnd } from '../util/run-scope.js';

/**
 * Modules of the user's own that Ansible would find: the files of a role's `library/`, of the
 * `library/` beside a playbook, and of the module path (-M, ANSIBLE_LIBRARY, [defaults] library).
 * fabplay runs only its own modules, so a task naming one of these is no typo: the preflight
 * warns and the task fails if it runs, as for a module of Ansible's that fabplay lacks.
 *
 * Ansible's module loader is one for the whole run: a role's library, once the role is loaded,
 * serves every later task. So is this table (reset when a run loads its playbook).
 */
const modules = new Map<string, string>();
const scanned = new Set<string>();
/** the `module_utils/` directories beside the `library/` ones of roles and playbooks (Ansible's custom module_utils) */
const moduleUtils: string[] = [];

/** What Ansible's module search skips (its MODULE_IGNORE_EXTS, 2.14's default). */
const IGNORED_ENDINGS = [
  '.pyc',
  '.pyo',
  '.swp',
  '.bak',
  '~',
  '.rpm',
  '.md',
  '.txt',
  '.rst',
  '.yaml',
  '.yml',
  '.ini',
];

onRunEnd(resetLibraryModules);

export function resetLibraryModules(): void {
  modules.clear();
  scanned.clear();
  moduleUtils.length = 0;
}

/** Enters a directory's module files, by name with and without extension (the first found wins). */
export function addLibraryDir(dir: string): void {
  if (scanned.has(dir)) return;
  scanned.add(dir);
  const utils = join(dirname(dir), 'module_utils');
  if (basename(dir) === 'library' && existsSync(utils)) moduleUtils.push(utils);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no such directory: nothing to find, as in Ansible
  }
  for (const name of names.sort()) {
    if (name.endsWith('__init__.py') || IGNORED_ENDINGS.some((e) => name.endsWith(e))) continue;
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) continue;
    } catch {
      continue; // a dangling link
    }
    const base = name.slice(0, name.length - extname(name).length);
    for (const key of [base, name]) if (!modules.has(key)) modules.set(key, path);
  }
}

/** The file Ansible would run for this module name, if one of the library directories has it. */
export function libraryModuleFile(name: string): string | undefined {
  return modules.get(name);
}

/** The custom module_utils directories found so far, first found first. */
export function customModuleUtilsDirs(): readonly string[] {
  return moduleUtils;
}
