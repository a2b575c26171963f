import type { ModuleDef } from './types.js';
import { taskNamesOf } from './catalog.js';
import { modules as commands } from './commands/index.js';
import { modules as files } from './files/index.js';
import { modules as net } from './net/index.js';
import { modules as packages } from './packages/index.js';
import { modules as services } from './services/index.js';
import { modules as system } from './system/index.js';
import { modules as logic } from './logic/index.js';

const byName = new Map<string, ModuleDef<any>>();
for (const m of [...commands, ...files, ...net, ...packages, ...services, ...system, ...logic]) {
  for (const n of taskNamesOf(m.name, m.aliases)) byName.set(n, m);
}

/** The module for a name (`copy`, `ansible.builtin.copy`, `ansible.posix.sysctl`, an alias), or undefined. */
export function getModule(name: string): ModuleDef<any> | undefined {
  return byName.get(name);
}

/** Every name a task may use as its action. */
export function moduleNames(): string[] {
  return [...byName.keys()];
}

/** Every module once (not per name). */
export function allModules(): ModuleDef<any>[] {
  return [...new Set(byName.values())];
}
