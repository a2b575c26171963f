import type { ModuleDef } from '../types.js';
import { assemble } from './assemble.js';
import { blockinfile } from './blockinfile.js';
import { copy } from './copy.js';
import { fetch } from './fetch.js';
import { file } from './file.js';
import { find } from './find.js';
import { lineinfile } from './lineinfile.js';
import { replace } from './replace.js';
import { slurp } from './slurp.js';
import { stat } from './stat.js';
import { synchronize } from './synchronize.js';
import { template } from './template.js';
import { tempfile } from './tempfile.js';
import { unarchive } from './unarchive.js';

/** The files modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [
  copy,
  template,
  file,
  lineinfile,
  blockinfile,
  replace,
  stat,
  slurp,
  fetch,
  find,
  tempfile,
  assemble,
  unarchive,
  synchronize,
];
