import { getUrl } from './get-url.js';
import { git } from './git.js';
import { subversion } from './subversion.js';
import { uri } from './uri.js';
import type { ModuleDef } from '../types.js';

/** The net modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [uri, getUrl, git, subversion];
