import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FilterError } from './errors.js';
import { fnmatch } from '../util/fnmatch.js';
import { isVaultFile, openVaultedFile } from '../vault/controller-file.js';
import { VaultError } from '../vault/secrets.js';
import { warnFromTemplate } from './template-warnings.js';

/** The lookups' side of the controller's files: finding them as Ansible does, reading vaulted ones. */

/**
 * Ansible's find_file_in_search_path: each search path's `sub` dir, then the path, then the cwd;
 * a file not found is warned about unless `quiet` (its ignore_missing, first_found's).
 */
export function findFile(
  searchPaths: readonly string[],
  name: string,
  sub: string,
  quiet = false,
): string | undefined {
  const found = searchFile(searchPaths, name, sub);
  if (found === undefined && !quiet)
    warnFromTemplate(`Unable to find '${name}' in expected paths (use -vvvvv to see paths)`);
  return found;
}

function searchFile(searchPaths: readonly string[], name: string, sub: string): string | undefined {
  if (path.isAbsolute(name)) return existsSync(name) ? name : undefined;
  for (const dir of searchPaths) {
    for (const p of [path.join(dir, sub, name), path.join(dir, name)]) if (existsSync(p)) return p;
  }
  return existsSync(name) ? path.resolve(name) : undefined;
}

/**
 * A file's bytes as Ansible's loader gives them to the file, template, ini and unvault lookups: a vaulted
 * file is opened in memory with the run's vault secrets (a wrong password fails the task).
 */
export function readControllerBytes(file: string, shownAs: string): Buffer {
  if (!isVaultFile(file)) return readFileSync(file);
  try {
    return openVaultedFile(file, shownAs);
  } catch (e) {
    if (e instanceof VaultError) throw new FilterError(e.message);
    throw e;
  }
}

export const readControllerText = (file: string, shownAs: string): string =>
  readControllerBytes(file, shownAs).toString('utf8');

/** The unvault lookup: each file's whole text, decrypted when vaulted, nothing stripped. */
export function unvaultLookup(searchPaths: readonly string[], terms: string[]): string[] {
  return terms.map((t) => {
    const p = findFile(searchPaths, t, 'files');
    if (!p) throw new FilterError(`Unable to find file matching "${t}" `);
    return readControllerText(p, t);
  });
}

/**
 * Ansible's fileglob: a pattern with a directory globs in the first search path holding that
 * directory (under files/ or not); a bare pattern in each search path's files/, then the path
 * itself, stopping at the first that matches. Only regular files count.
 */
export function fileglob(searchPaths: readonly string[], term: string): string[] {
  const base = path.basename(term);
  const dirs =
    base !== term
      ? [findFile(searchPaths, path.dirname(term), 'files')]
      : searchPaths.flatMap((p) => [path.join(p, 'files'), p]);
  for (const dir of dirs) {
    if (!dir) continue;
    const re = fnmatch(base);
    // like Python's glob, a wildcard does not match a leading dot
    const names = existsSync(dir) ? readdirSync(dir) : [];
    const hits = names
      .filter((n) => re.test(n) && (base.startsWith('.') || !n.startsWith('.')))
      .map((n) => path.join(dir, n))
      .filter((g) => statSync(g, { throwIfNoEntry: false })?.isFile());
    if (hits.length) return hits;
  }
  return [];
}
