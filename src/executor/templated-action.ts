import { RunStopError } from '../errors.js';
import { moduleName } from '../modules/catalog.js';
import { isAnsibleModuleName } from '../modules/lib/ansible-modules.js';
import type { ModuleResult } from '../modules/types.js';
import { LOADER_ACTIONS, shortActionName } from '../playbook/keywords.js';
import { isTemplated } from '../playbook/load-context.js';
import { libraryModuleFile } from '../playbook/library-modules.js';
import { whyNotRunnable } from '../modules/own/why-not-runnable.js';
import { displayPath } from '../playbook/read-yaml.js';
import type { Task } from '../playbook/types.js';
import type { Templar } from '../template/index.js';

/**
 * The task with its module named: `action: {module: "{{ name }}"}` renders the name with the
 * host's variables when the task comes to the host, as Ansible's linear strategy does (before
 * `when`, without the loop's item). A name that cannot be rendered ends the run (Ansible's strategy
 * raises); a name fabplay does not know is kept as rendered, and the task fails when its module
 * would run (invokeModule), as in Ansible.
 */
export function withTemplatedAction(task: Task, templar: Templar): Task {
  if (!isTemplated(task.action)) return task;
  const pos = task.actionPos ?? task.pos;
  let name: string;
  try {
    name = String(templar.template(task.action, pos)).trim();
  } catch (e) {
    throw new RunStopError(
      `the module name '${task.action}' cannot be rendered: ${e instanceof Error ? e.message : String(e)}`,
      pos,
    );
  }
  // Ansible's strategy runs meta for the name it renders, with the free-form text that a
  // templated name is refused when the task loads: no meta action, an error ending the run
  if (shortActionName(name) === 'meta')
    throw new RunStopError(
      `invalid meta action requested: None (the module name '${task.action}' gives meta)`,
      pos,
    );
  const action = moduleName(name) ?? name;
  // one task per module it names: what keys on the task (its hosts' run, look-ahead) sees one
  const named = resolved.get(task) ?? new Map<string, Task>();
  resolved.set(task, named);
  let out = named.get(action);
  if (!out) named.set(action, (out = { ...task, action }));
  return out;
}

const resolved = new WeakMap<Task, Map<string, Task>>();

/**
 * The failed result of a task whose module fabplay lacks (`at`: where its action stands): a
 * module only Ansible has, a name no one knows (Ansible's words), or, named by a template, an
 * include or import (which Ansible recognises when it loads the task: a template cannot name one).
 */
export function missingModule(task: Task, at: string): ModuleResult {
  const name = task.action;
  if (LOADER_ACTIONS.has(shortActionName(name)))
    return {
      failed: true,
      msg: `${at}: '${name}' named by a template: an include or import must be written as it is`,
    };
  const own = libraryModuleFile(name);
  if (own)
    return {
      changed: false,
      failed: true,
      msg: `${at}: '${name}' is a module of your own (${displayPath(own)}) fabplay cannot run: ${whyNotRunnable(own)}`,
    };
  if (!isAnsibleModuleName(name))
    return { failed: true, msg: `The module ${name} was not found in configured module paths` };
  return { changed: false, failed: true, msg: `${at}: module '${name}' is not implemented by fabplay` };
}
