import type { Task, TaskNode } from '../playbook/types.js';
import type { Templar } from '../template/index.js';
import type { HostState, PlayState } from './state.js';
import { hostState } from './state.js';
import { rootScope, childScope } from './scope.js';
import { runNodes } from './blocks.js';
import { forEachHost } from './forks.js';

function names(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** The handlers a notification reaches: by name, `role : name`, or `listen` topic. */
export function handlersFor(ps: PlayState, name: string): TaskNode[] {
  return ps.handlers.filter((h) => {
    const n = (h as Task).name;
    if (n === name || (h.role && `${h.role.name} : ${n}` === name)) return true;
    return names(h.kw.listen).includes(name);
  });
}

/** A changed task notifies its handlers on this host. */
export function notify(ps: PlayState, hs: HostState, task: Task, notifies: unknown, templar: Templar): void {
  for (const raw of names(notifies)) {
    let name = raw;
    try {
      name = String(templar.template(raw, task.pos));
    } catch {
      /* a notify name that cannot be rendered is matched as written */
    }
    const found = handlersFor(ps, name);
    if (found.length === 0) {
      ps.run.out.emit({
        event: 'log',
        host: hs.name,
        msg: `[WARNING]: handler '${name}' notified by '${task.name ?? task.action}' is not defined`,
        level: 0,
      });
    }
    for (const h of found) hs.notified.add(h);
  }
}

/**
 * Runs notified handlers in definition order, each once however often notified. A failed host
 * runs its pending handlers only with force_handlers.
 */
export async function flushHandlers(ps: PlayState, hosts: string[]): Promise<void> {
  for (const h of ps.handlers) {
    const targets = hosts.filter((name) => {
      const hs = hostState(ps.run, name);
      if (!hs.notified.has(h)) return false;
      if (hs.unreachable) return false;
      if ((hs.failed || ps.aborted) && !ps.forceHandlers) return false;
      return true;
    });
    if (targets.length === 0) continue;
    for (const name of targets) hostState(ps.run, name).notified.delete(h);
    const scope = handlerScope(ps, h);
    await forEachHost(ps, targets, async (host) => {
      const hs = hostState(ps.run, host);
      // force_handlers: a failed host runs its handlers, then stays failed
      const wasFailed = hs.failed;
      hs.failed = false;
      await runNodes(ps, host, [h], scope);
      hs.failed = hs.failed || wasFailed;
    });
  }
}

function handlerScope(ps: PlayState, h: TaskNode) {
  const base = rootScope(ps.play.kw, true);
  if (!h.role) return base;
  return childScope(base, h.role.kw, { role: h.role });
}
