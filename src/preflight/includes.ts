import { existsSync } from 'node:fs';
import { InputError, InputErrors, ParseError } from '../errors.js';
import { loadIncludedRole, loadTaskFile, roleExists } from '../playbook/index.js';
import { includedFileArg, includedFilePath } from '../playbook/include-file.js';
import type { Include, RoleInstance, TaskNode } from '../playbook/types.js';
import { isTemplate } from '../template/native.js';
import { loopKeyword } from '../playbook/keywords.js';
import { loadModules } from '../modules/catalog.js';
import type { Problems } from './problems.js';
import { actionsOf } from './actions.js';

/** What the walk knows where it meets an include (preflight/index.ts Walk). */
export interface IncludeWalk {
  out: Problems;
  /** the playbook's directory: relative names are looked up there too */
  playbookDir: string;
  /** where include_role looks for roles, as the run does */
  rolesPath: string[];
  /** inside a when, a rescue or handlers: the task may not run at all */
  mayNotRun: boolean;
  /** walking handlers: a file they include holds handlers */
  inHandlers: boolean;
  /** the task files and roles includes load, walked once under each guard (a file may include itself) */
  included: Set<string>;
}

/**
 * The tasks of the file an include_tasks names, when the name is no template and the include has
 * no loop: loaded as the run loads it, with the modules it names, to be checked as any task.
 * Undefined when the file is not known now or was walked under these guards already.
 */
export async function includedTasks(inc: Include, w: IncludeWalk): Promise<TaskNode[] | undefined> {
  const name = includedFileArg(inc);
  if (typeof name !== 'string' || isTemplate(name) || loopKeyword(inc) !== undefined) return undefined;
  const file = includedFilePath(inc, name);
  // a missing file is the loader's (validate reports it; the include fails if it runs)
  if (!existsSync(file) || walkedAlready(file, w)) return undefined;
  const nodes = loading(inc, w, () => loadTaskFile(file, inc.role, inc.pos, w.inHandlers));
  if (nodes) await loadModules(actionsOf(nodes, [], new Set()));
  return nodes;
}

const ROLE_FILES = ['name', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from'] as const;

/**
 * The role an include_role names, then the roles its tasks import, when its name and *_from files
 * are no templates and the include has no loop: loaded as the run loads them, with the modules
 * they name.
 */
export async function includedRoles(inc: Include, w: IncludeWalk): Promise<RoleInstance[] | undefined> {
  const a = inc.args;
  const known = ROLE_FILES.every(
    (k) => a[k] === undefined || (typeof a[k] === 'string' && !isTemplate(a[k])),
  );
  if (!known || typeof a.name !== 'string' || loopKeyword(inc) !== undefined) return undefined;
  // a role not found is the loader's (validate reports it; the include fails if it runs)
  if (!roleExists(a.name, w)) return undefined;
  if (walkedAlready(`role:${ROLE_FILES.map((k) => String(a[k] ?? '')).join('\0')}`, w)) return undefined;
  const loaded = loading(inc, w, () => loadIncludedRole(a, w, inc.pos));
  if (!loaded) return undefined;
  const roles = [loaded.role, ...loaded.imported];
  await loadModules(actionsOf([], roles, new Set()));
  return roles;
}

/** Again under other guards: an include under a when, then one without, stops the run. */
function walkedAlready(what: string, w: IncludeWalk): boolean {
  const key = `${what}\0${w.out.guarded}\0${w.mayNotRun}\0${w.inHandlers}`;
  if (w.included.has(key)) return true;
  w.included.add(key);
  return false;
}

/**
 * What `load` loads, or its mistakes reported: one Ansible's parser raises (YAML, an unknown
 * module) ends the run when the include runs, whatever rescue or ignore_errors say, so only a
 * place the include may not reach (a when, a rescue, handlers) makes it a warning; any other (a
 * role not found) fails the include as a task fails.
 */
function loading<T>(inc: Include, w: IncludeWalk, load: () => T): T | undefined {
  try {
    return load();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const one of e instanceof InputErrors ? e.all : [e]) {
      const pos = one.pos ?? inc.pos;
      if (one instanceof ParseError) w.out.endsRun(pos, one.message, one.hint, w.mayNotRun);
      else w.out.error(pos, one.message, one.hint);
    }
    return undefined;
  }
}
