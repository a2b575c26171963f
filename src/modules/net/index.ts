import type { ModuleDef } from '../types.js';

/** The net modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [];
