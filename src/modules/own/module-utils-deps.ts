import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pyRepr } from '../../template/python.js';
import { moduleUtilsImports, type PythonImport } from './python-imports.js';
import { forgetAfterRun } from '../../util/run-scope.js';

/**
 * The module_utils files a module needs, as Ansible's recursive_finder finds them for AnsiballZ:
 * the module's imports of ansible.module_utils, then theirs, transitively, with each package's
 * __init__.py above a file found, and basic always (AnsiballZ's arguments go through it).
 * `from x import y`: y is the module x.y when there is one, else a name in x. A name is looked
 * for in each module_utils directory in order (the user's own first, the controller's Ansible's
 * last), as a package (y/__init__.py) before a module (y.py).
 */

/** Where each file goes in the zip (ansible/module_utils/...) and the controller file it is */
export type ModuleUtilsFiles = Map<string, string>;

/** Ansible writes these two itself: namespace packages, so module_utils of several places combine */
export const PACKAGE_STUBS: Record<string, string> = {
  'ansible/__init__.py': 'from pkgutil import extend_path\n__path__=extend_path(__path__,__name__)\n',
  'ansible/module_utils/__init__.py':
    'from pkgutil import extend_path\n__path__=extend_path(__path__,__name__)\n',
};

/** A module_utils import no directory has, named as Ansible's error names it */
export class MissingModuleUtils extends Error {}

interface Found {
  parts: string[];
  file: string;
  isPackage: boolean;
}

/** A dotted name under ansible.module_utils in the directories, as importlib's path finder looks */
function locate(parts: string[], dirs: readonly string[]): Found | undefined {
  const rel = parts.slice(2);
  if (rel.length === 0) return undefined;
  for (const dir of dirs) {
    const base = join(dir, ...rel);
    const init = join(base, '__init__.py');
    if (isFile(init)) return { parts, file: init, isPackage: true };
    if (isFile(`${base}.py`)) return { parts, file: `${base}.py`, isPackage: false };
  }
  return undefined;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** What an import may name: the module itself, or (`from x import y`) the module x holding y */
function candidates(imp: { parts: string[]; ambiguous: boolean }): string[][] {
  // six builds its submodules at run time: any of them is six itself
  if (imp.parts[2] === 'six') return [['ansible', 'module_utils', 'six']];
  if (imp.ambiguous && imp.parts.length - 2 > 1) return [imp.parts, imp.parts.slice(0, -1)];
  return [imp.parts];
}

/**
 * The files a module of the given source needs. `dirs`: the module_utils directories, the
 * user's own first. `moduleFqn`: the module's dotted name (relative imports count from it).
 * Throws MissingModuleUtils for a required import none of them has (Ansible's task error).
 */
export function moduleUtilsFiles(
  source: string,
  dirs: readonly string[],
  moduleFqn: string,
): ModuleUtilsFiles {
  const files: ModuleUtilsFiles = new Map();
  const done = new Set(['ansible', 'ansible.module_utils']);
  type Entry = PythonImport & { ambiguous: boolean };
  const queue: Entry[] = [
    ...moduleUtilsImports(source, moduleFqn).map((i) => ({ ...i, ambiguous: true })),
    { parts: ['ansible', 'module_utils', 'basic'], optional: false, ambiguous: false },
  ];
  for (let entry = queue.shift(); entry; entry = queue.shift()) {
    if (done.has(entry.parts.join('.'))) continue;
    // collections' module_utils are not sent (own-module.ts refuses such a module before this)
    if (entry.parts[0] !== 'ansible' || entry.parts[1] !== 'module_utils') continue;
    const names = candidates(entry);
    const found = names.map((n) => locate(n, dirs)).find((f) => f !== undefined);
    if (!found) {
      if (entry.optional) continue;
      throw new MissingModuleUtils(
        `Could not find imported module support code for ${moduleFqn}.  Looked for ` +
          `(${pyRepr(names.map((n) => n.join('.')))})`,
      );
    }
    const name = found.parts.join('.');
    if (done.has(name)) continue;
    done.add(name);
    files.set(`${found.parts.join('/')}${found.isPackage ? '/__init__.py' : '.py'}`, found.file);
    for (const i of importsOf(found.file, name, found.isPackage)) queue.push({ ...i, ambiguous: true });
    // the packages above it, whose __init__.py Python runs first
    for (let n = 3; n < found.parts.length; n++)
      queue.push({ parts: found.parts.slice(0, n), optional: entry.optional, ambiguous: false });
  }
  return files;
}

/** Each module_utils file's imports, read once per run (the modules of a run share most of them) */
const scanned = forgetAfterRun(new Map<string, PythonImport[]>());

function importsOf(file: string, name: string, isPackage: boolean): PythonImport[] {
  const key = `${file}\0${name}\0${isPackage}`;
  let found = scanned.get(key);
  if (!found) {
    found = moduleUtilsImports(readFileSync(file, 'utf8'), name, isPackage);
    scanned.set(key, found);
  }
  return found;
}
