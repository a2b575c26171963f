import { RunStopError } from '../errors.js';
import type { Block, Task, TaskNode } from '../playbook/types.js';
import { Templar } from '../template/index.js';
import { playTemplateVars } from './vars.js';
import { errText } from './task-args.js';
import type { HostState, PlayState } from './state.js';
import { hostState } from './state.js';
import { rootScope, childScope, roleEntryScope, roleScope, type Scope } from './scope.js';
import { runNodes } from './blocks.js';
import { forEachHost } from './forks.js';
import { warnOnce } from './run-warnings.js';

function names(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/**
 * A handler mistake Ansible meets while running (a notified handler nobody defines, with
 * error_on_missing_handler; flush_handlers run as a handler): the whole run stops, no task
 * failure a rescue could take.
 */
export class HandlerRunError extends RunStopError {}

/** the imports (blocks at load time) a flattened handler sat in, outermost first */
const enclosing = new WeakMap<TaskNode, Block[]>();

/**
 * A play's or role's handlers as Ansible lists them: the tasks of an `import_tasks` (a block
 * once loaded) are handlers each, under the import's keywords.
 */
export function flatHandlers(nodes: TaskNode[], outer: Block[] = []): TaskNode[] {
  return nodes.flatMap((n) => {
    if (n.type !== 'block') {
      if (outer.length) enclosing.set(n, outer);
      return [n];
    }
    return flatHandlers([...n.block, ...n.rescue, ...n.always], [...outer, n]);
  });
}

/**
 * The handlers a notification reaches, as Ansible's strategy finds them: one by name (or
 * `role : name`), where the play's own handlers come before the roles' and a later role's before
 * an earlier one's, and the first of equal names wins; then every handler listening to it.
 */
export function handlersFor(ps: PlayState, name: string, host: string): TaskNode[] {
  const named = (h: TaskNode): boolean => {
    const n = handlerName(ps, h, host);
    return n !== undefined && (n === name || (h.role !== undefined && `${h.role.name} : ${n}` === name));
  };
  const owners = [...new Set(ps.handlers.map((h) => h.role))].reverse();
  const byName = owners
    .map((r) => ps.handlers.find((h) => h.role === r && named(h)))
    .find((h) => h !== undefined);
  const listening = ps.handlers.filter((h) => names(h.kw.listen).includes(name));
  return [...(byName ? [byName] : []), ...listening.filter((h) => h !== byName)];
}

/** handler names as rendered (once per play, with the play's variables); null: cannot be rendered */
const renderedNames = new WeakMap<PlayState, Map<TaskNode, string | null>>();

/**
 * A handler's name may be a template of play-level variables (Ansible renders it when a
 * notification first looks at it); one that cannot be rendered answers only to its listen topics.
 */
function handlerName(ps: PlayState, h: TaskNode, host: string): string | undefined {
  let m = renderedNames.get(ps);
  if (!m) renderedNames.set(ps, (m = new Map()));
  if (!m.has(h)) {
    const raw = (h as Task).name;
    let shown: string | null = raw ?? null;
    try {
      if (raw !== undefined) shown = String(new Templar(playTemplateVars(ps)).template(raw, h.pos));
    } catch (e) {
      shown = null;
      if (names(h.kw.listen).length === 0)
        ps.run.out.emit({
          event: 'log',
          host,
          msg:
            `[WARNING]: Handler '${raw}' is unusable because it has no listen topics and the name could ` +
            `not be templated (host-specific variables are not supported in handler names). The error: ${errText(e)}`,
          level: 0,
        });
    }
    m.set(h, shown);
  }
  return m.get(h) ?? undefined;
}

/** A changed task notifies its handlers on this host. */
export function notify(
  ps: PlayState,
  hs: HostState,
  task: Task,
  templar: Templar,
  value: unknown = task.kw.notify,
): void {
  let rendered = value;
  try {
    // `notify: "{{ handler_list }}"` may give a list
    rendered = templar.template(value, task.pos);
  } catch {
    /* a notify name that cannot be rendered is matched as written */
  }
  for (const name of names(rendered)) {
    const found = handlersFor(ps, name, hs.name);
    if (found.length === 0) {
      const msg = `The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`;
      // Ansible stops the whole run here (error_on_missing_handler, on by default)
      if (ps.run.req.errorOnMissingHandler !== false)
        throw new HandlerRunError(msg, task.pos, 'define the handler, or correct the name in notify:');
      warnOnce(ps.run, hs.name, msg);
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
      if ((hs.failed || ps.failedOut.has(name) || ps.aborted) && !ps.forceHandlers) return false;
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

function handlerScope(ps: PlayState, h: TaskNode): Scope {
  let scope = rootScope(ps.play.kw, true);
  const outer = enclosing.get(h) ?? [];
  const role = outer[0]?.role ?? h.role;
  if (role) scope = roleEntryScope(scope, role);
  for (const b of outer) {
    if (b.role && b.role !== role) scope = roleScope(scope, b.role);
    if (b.includeParams) scope = { ...scope, includeVars: { ...scope.includeVars, ...b.includeParams } };
    scope = childScope(scope, b.kw);
  }
  return scope;
}
