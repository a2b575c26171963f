import type { Task } from '../playbook/types.js';
import type { Templar } from '../template/index.js';
import type { AsyncOptions } from './async-task.js';

/** Ansible's DEFAULT_POLL_INTERVAL */
const DEFAULT_POLL = 15;

/** `async:` and `poll:` are the task's own keywords (blocks do not pass them on). */
export function asyncOptions(task: Task, templar: Templar): AsyncOptions | undefined {
  const limit = task.kw.async === undefined ? 0 : Number(templar.template(task.kw.async, task.pos));
  if (!(limit > 0)) return undefined;
  const poll = task.kw.poll === undefined ? DEFAULT_POLL : Number(templar.template(task.kw.poll, task.pos));
  return { limit, poll: Number.isFinite(poll) ? poll : DEFAULT_POLL };
}
