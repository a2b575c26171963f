import { InputError, didYouMean } from '../errors.js';
import { notifyPos, isTemplated, type LoadContext } from './load-context.js';
import { findRolePath, loadRoleInstance } from './roles.js';
import { newContext } from './load-context.js';
import type { Play, RoleInstance, TaskNode } from './types.js';

/**
 * Notifying a handler that does not exist is a load-time error here (Ansible stops only when a
 * task notifies it, error_on_missing_handler); the message carries Ansible's words so a search for
 * them finds it. A handler answers to its name, `role : name`, and each `listen` topic,
 * across the play's handlers and the handlers of every role the play uses.
 */

function walk(nodes: TaskNode[], visit: (n: TaskNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if (n.type === 'block') {
      walk(n.block, visit);
      walk(n.rescue, visit);
      walk(n.always, visit);
    }
  }
}

function allRoles(roles: RoleInstance[], seen = new Set<RoleInstance>()): RoleInstance[] {
  for (const r of roles) {
    if (seen.has(r)) continue;
    seen.add(r);
    allRoles(r.dependencies, seen);
  }
  return [...seen];
}

function listOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function addHandlerNames(nodes: TaskNode[], role: RoleInstance | undefined, names: Set<string>): void {
  walk(nodes, (n) => {
    if (n.name) {
      names.add(n.name);
      if (role) names.add(`${role.name} : ${n.name}`);
    }
    for (const topic of listOf(n.kw.listen)) names.add(topic);
  });
}

/** Roles named by include_role with a literal name: their handlers may answer too. */
function includedRoles(ctx: LoadContext, playbookDir: string): RoleInstance[] {
  const out: RoleInstance[] = [];
  for (const { name, pos } of ctx.includedRoleNames) {
    try {
      const sub = newContext(ctx.rolesPath, playbookDir);
      findRolePath(sub, name, [], pos);
      out.push(loadRoleInstance(sub, name, {}, {}, pos));
      // the roles it imports bring their handlers too
      out.push(...sub.importedRoles);
    } catch {
      /* the include itself reports problems at run time */
    }
  }
  return out;
}

export function checkNotifies(play: Play, ctx: LoadContext): void {
  const roles = allRoles([...play.roles, ...ctx.importedRoles, ...includedRoles(ctx, play.playbookDir)]);
  const names = new Set<string>();
  addHandlerNames(play.handlers, undefined, names);
  for (const r of roles) addHandlerNames(r.handlers, r, names);
  // a handler named by a template (`name: restart {{ svc }}`) gets its name at run time only
  if ([...names].some(isTemplated)) return;

  const check = (nodes: TaskNode[]): void =>
    walk(nodes, (n) => {
      for (const target of listOf(n.kw.notify)) {
        if (names.has(target) || isTemplated(target)) continue;
        const guess = didYouMean(target, names);
        const what = `${n.type === 'task' && n.handler ? 'handler' : 'task'}${n.name ? ` "${n.name}"` : ''}`;
        throw new InputError(
          `${what}: The requested handler '${target}' was not found in either the main handlers list nor in the listening handlers list${guess ? ` (did you mean '${guess}'?)` : ''}`,
          notifyPos.get(n) ?? n.pos,
          guess
            ? undefined
            : names.size
              ? `handlers here: ${[...names].join(', ')}`
              : 'this play has no handlers',
        );
      }
    });
  check(play.preTasks);
  check(play.tasks);
  check(play.postTasks);
  check(play.handlers);
  for (const r of roles) {
    check(r.tasks);
    check(r.handlers);
  }
}
