import type { ModuleDef } from '../types.js';

/** The system modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [];
