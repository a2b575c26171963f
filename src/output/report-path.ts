import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** The directory must exist before the run starts, not be found missing when it ends. */
export function checkReportPath(file: string): string {
  const full = resolve(file);
  const dir = dirname(full);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(
      `report file '${file}': directory ${dir} does not exist`,
      'create it or choose another path',
    );
  if (existsSync(full) && statSync(full).isDirectory())
    throw new UsageError(`report file '${file}' is a directory`, 'give a file name, such as run.html');
  return full;
}
