import { loadedModule } from '../modules/catalog.js';
import { ownModule } from '../modules/own/own-module.js';
import { whyNotRunnable } from '../modules/own/why-not-runnable.js';
import type { ModuleDef } from '../modules/types.js';
import { customModuleUtilsDirs, libraryModuleFile } from '../playbook/library-modules.js';
import type { Task } from '../playbook/types.js';

/**
 * The module a task runs. As in Ansible, a module of the user's own found under the name the task
 * wrote comes before fabplay's module of that name (a role's `library/ping` is the role's ping);
 * one fabplay cannot run (built on Ansible's module_utils) leaves fabplay's own, if it has one
 * (the preflight warned). `ansible.builtin.ping` is never the user's: library files have short names.
 */
export function moduleToRun(task: Task, noLog: boolean): ModuleDef | undefined {
  const name = task.shownAction ?? task.action;
  const file = libraryModuleFile(name);
  if (file !== undefined && whyNotRunnable(file) === undefined)
    return ownModule({ name, file, noLog, moduleUtilsDirs: customModuleUtilsDirs() });
  return loadedModule(task.action);
}
