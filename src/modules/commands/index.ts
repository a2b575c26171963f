import { asyncStatus } from './async-status.js';
import { command } from './command.js';
import { expect } from './expect.js';
import { raw } from './raw.js';
import { script } from './script.js';
import { shell } from './shell.js';
import type { ModuleDef } from '../types.js';

/** The commands modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [command, shell, raw, script, asyncStatus, expect];
