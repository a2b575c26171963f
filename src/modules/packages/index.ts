import { apt } from './apt.js';
import { aptKey } from './apt-key.js';
import { aptRepository } from './apt-repository.js';
import { dnf } from './dnf.js';
import { pkg } from './package.js';
import { packageFacts } from './package-facts.js';
import { pip } from './pip.js';
import { rpmKey } from './rpm-key.js';
import type { ModuleDef } from '../types.js';

/** The packages modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [pkg, apt, dnf, packageFacts, aptRepository, aptKey, rpmKey, pip];
