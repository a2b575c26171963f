// --start-at-task as Ansible's PlayIterator reads it: a task starts the run when its name or its
// full name (Task.get_name) equals the value or matches it as an fnmatch glob (`--start-at-task '*¶'`).
import { fnmatch } from '../util/fnmatch.js';
import type { Play, RoleInstance, TaskNode } from './types.js';

type Named = Pick<TaskNode, 'name' | 'role' | 'type'> & { action?: string; shownAction?: string };

/** Ansible's Task.get_name(): `role : name`, else the name, else the action as written (after the role). */
function fullName(n: Named): string {
  const base = n.name ?? n.shownAction ?? (n.type === 'task' ? n.action! : n.type);
  return n.role ? `${n.role.name} : ${base}` : base;
}

let compiled: { start: string; glob: RegExp } | undefined;

/** Whether the run starts at this task (or include) under `--start-at-task start`. */
export function startsAt(start: string, n: Named): boolean {
  if (compiled?.start !== start) compiled = { start, glob: fnmatch(start) };
  const glob = compiled.glob;
  const full = fullName(n);
  return n.name === start || (!!n.name && glob.test(n.name)) || full === start || glob.test(full);
}

/**
 * Whether a play holds the task to start at among the tasks Ansible's iterator steps through before
 * the play runs: its pre_tasks, roles, tasks and post_tasks, with their blocks' tasks and what
 * imports brought in, never an include's contents. A play without it runs nothing, not even its
 * fact gathering.
 */
export function playHoldsStart(play: Play, start: string): boolean {
  const inNodes = (nodes: TaskNode[]): boolean =>
    nodes.some((n) =>
      n.type === 'block' ? inNodes([...n.block, ...n.rescue, ...n.always]) : startsAt(start, n),
    );
  const inRole = (r: RoleInstance): boolean => r.dependencies.some(inRole) || inNodes(r.tasks);
  return inNodes(play.preTasks) || play.roles.some(inRole) || inNodes(play.tasks) || inNodes(play.postTasks);
}
