import { apt } from './apt.js';
import { dnf } from './dnf.js';
import { pkg } from './package.js';
import { packageFacts } from './package-facts.js';
import type { ModuleDef } from '../types.js';

/** The packages modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [pkg, apt, dnf, packageFacts];
