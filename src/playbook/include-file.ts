import { existsSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Include } from './types.js';

/** The file an include_tasks names, as written (`file:`, the free form, or its one text argument). */
export function includedFileArg(inc: Include): unknown {
  return inc.args.file ?? inc.args._raw_params ?? Object.values(inc.args).find((v) => typeof v === 'string');
}

/** Where an include_tasks' file (its name rendered) is read from (the loader may have set baseDir to the found file's own directory already). */
export function includedFilePath(inc: Include, file: string): string {
  if (isAbsolute(file)) return file;
  return (
    [join(inc.baseDir, file), join(inc.baseDir, basename(file))].find((p) => existsSync(p)) ??
    join(inc.baseDir, file)
  );
}
