import { isAbsolute, relative } from 'node:path';
import { loadYamlFile } from '../yaml/load.js';

/** A path as messages show it: relative to the current directory when below it, else absolute. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** loadYamlFile, with positions naming the file as the user sees it (`site.yml:14:7`). */
export function readYaml(file: string, from?: Parameters<typeof loadYamlFile>[1]): unknown {
  return loadYamlFile(displayPath(file), from);
}
