import type { ModuleDef } from '../types.js';
import { copy } from './copy.js';
import { file } from './file.js';
import { template } from './template.js';

/** The files modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [copy, template, file];
