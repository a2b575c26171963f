import { defaultsKey, groupModules } from '../playbook/module-defaults.js';
import type { Keywords, Play, RoleInstance, TaskNode } from '../playbook/types.js';

/**
 * The arguments module_defaults may give each module somewhere in a play: names, or 'any' when a
 * module's defaults come from a template (`command: "{{ defaults }}"`). The preflight counts them
 * as given wherever the module is used: which defaults reach which task depends on blocks and
 * roles the preflight walks once, and an argument a task lacks is only a mistake when no default
 * can give it (Ansible fails that task when it runs, not the playbook at load).
 */
export type DefaultedArgs = Map<string, Set<string> | 'any'>;

function addLevel(value: unknown, out: DefaultedArgs): void {
  if (value === undefined || value === null) return;
  for (const entry of Array.isArray(value) ? value : [value]) {
    if (!entry || typeof entry !== 'object') continue;
    for (const [rawKey, args] of Object.entries(entry as Record<string, unknown>)) {
      const key = defaultsKey(rawKey);
      const modules = key.startsWith('group/') ? groupModules(key.slice('group/'.length)) : [key];
      for (const m of modules) {
        const had = out.get(m);
        if (had === 'any') continue;
        if (!args || typeof args !== 'object' || Array.isArray(args)) out.set(m, 'any');
        else out.set(m, new Set([...(had ?? []), ...Object.keys(args)]));
      }
    }
  }
}

function addNodes(nodes: TaskNode[], out: DefaultedArgs, seen: Set<RoleInstance>): void {
  for (const n of nodes) {
    addLevel((n.kw as Keywords).module_defaults, out);
    if (n.type === 'block') addNodes([...n.block, ...n.rescue, ...n.always], out, seen);
  }
}

function addRole(role: RoleInstance, out: DefaultedArgs, seen: Set<RoleInstance>): void {
  if (seen.has(role)) return;
  seen.add(role);
  addLevel(role.kw.module_defaults, out);
  addLevel(role.importKw?.module_defaults, out);
  for (const dep of role.dependencies) addRole(dep, out, seen);
  addNodes([...role.tasks, ...role.handlers], out, seen);
}

/** Over every play: a role is walked once, whichever play uses it. */
export function defaultedArgs(plays: Play[]): DefaultedArgs {
  const out: DefaultedArgs = new Map();
  const seen = new Set<RoleInstance>();
  for (const play of plays) {
    addLevel(play.kw.module_defaults, out);
    for (const role of [...play.roles, ...(play.importedRoles ?? [])]) addRole(role, out, seen);
    addNodes([...play.preTasks, ...play.tasks, ...play.postTasks, ...play.handlers], out, seen);
  }
  return out;
}
