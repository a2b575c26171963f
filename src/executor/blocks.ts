import { InputError, InputErrors, ParseError, RunStopError } from '../errors.js';
import { Templar } from '../template/index.js';
import { loadIncludedRole, loadTaskFile } from '../playbook/index.js';
import { roleImportKey } from '../playbook/roles.js';
import { startsAt } from '../playbook/start-at-task.js';
import type { Block, Include, Task, TaskNode } from '../playbook/types.js';
import { NotAHandlerError } from '../playbook/tasks.js';
import type { PlayState } from './state.js';
import { hostState, isActive, stopped } from './state.js';
import type { Scope } from './scope.js';
import { childScope, parentRoleParams, roleScope, tagsOf, tagsSelect } from './scope.js';
import { runTask } from './task-runner.js';
import { stopIfFatal } from './task-effects.js';
import { LOOK_AHEAD_TASKS, type FollowingTasks } from './look-ahead.js';
import {
  includeSteps,
  includedFileKey,
  registerInclude,
  safeTemplate,
  type IncludeStep,
} from './include-steps.js';
import { errorsIgnored } from './task-options.js';
import { INCLUDE_BOOLEANS, checkTaskBooleans, includeRoleFlags, runsOnce } from './bool-keywords.js';
import { playTemplateVars, taskVars } from './vars.js';
import { loopKeyword } from './loops.js';
import { nodeTemplar } from './action.js';
import { errText } from './task-args.js';
import { count, showTaskHeader } from './results.js';
import { HandlerRunError, flatHandlers } from './handlers.js';
import {
  checkRoleArgs,
  dependencyRuns,
  importedRoleCompleted,
  importedRoleRuns,
  markRoleRan,
  roleChain,
  runRoleNodes,
} from './roles.js';

/** Runs task nodes in order on one host; stops when the host fails, is unreachable or ends. */
export async function runNodes(ps: PlayState, host: string, nodes: TaskNode[], scope: Scope): Promise<void> {
  for (let i = 0; i < nodes.length; i++) {
    if (!isActive(hostState(ps.run, host)) || stopped(ps, scope)) return;
    await runNode(ps, host, nodes[i]!, scope, (skip) => tasksAfter(ps, scope, nodes, i + 1, skip));
  }
}

/**
 * The plain tasks of `nodes` from `from` on that will run (selected by tags), up to the first
 * block or include, and at most as many as the look-ahead looks at.
 */
export function tasksAfter(
  ps: PlayState,
  scope: Scope,
  nodes: readonly TaskNode[],
  from: number,
  skip: (t: Task) => boolean,
): Task[] {
  const out: Task[] = [];
  for (let i = from; i < nodes.length && i < from + LOOK_AHEAD_TASKS; i++) {
    const n = nodes[i]!;
    if (n.type !== 'task') break;
    if (!skip(n) && (scope.handler || selected(ps, scope, n))) out.push(n);
  }
  return out;
}

export async function runNode(
  ps: PlayState,
  host: string,
  node: TaskNode,
  scope: Scope,
  following?: FollowingTasks,
): Promise<void> {
  if (node.type === 'block') return runBlock(ps, host, node, scope);
  if (!scope.handler && !selected(ps, scope, node)) return;
  if (!scope.handler && !startReached(ps, node)) return;
  // inside a top-level block the hosts wait for each other before each task (linear strategy)
  if (!scope.handler && ps.lockstep) {
    await ps.lockstep.arrive(host, node);
    if (!isActive(hostState(ps.run, host)) || stopped(ps, scope)) return;
  }
  return node.type === 'task' ? runTask(ps, host, node, scope, following) : runInclude(ps, host, node, scope);
}

/** --start-at-task: tasks and includes before the one it names do not run. */
function startReached(ps: PlayState, node: Task | Include): boolean {
  const run = ps.run;
  const start = run.req.startAtTask;
  if (!start || run.startReached) return true;
  if (startsAt(start, node)) run.startReached = true;
  return run.startReached === true;
}

function selected(ps: PlayState, scope: Scope, node: TaskNode): boolean {
  const req = ps.run.req;
  const render = (v: unknown): unknown => {
    try {
      return new Templar(playTemplateVars(ps)).template(v, node.pos);
    } catch {
      return v; // a tag that cannot be rendered stays as written
    }
  };
  const tags = tagsOf(scope, node, render);
  // no --tags: everything except `never`
  if (req.tags.length === 0 && req.skipTags.length === 0) return !tags.has('never');
  return tagsSelect(tags, req.tags, req.skipTags);
}

/** block, then rescue when a block task failed, then always whatever happened. */
async function runBlock(ps: PlayState, host: string, b: Block, scope: Scope): Promise<void> {
  const hs = hostState(ps.run, host);
  const hasRescue = b.rescue.length > 0;
  // import_role's block: the role's defaults and vars apply to its tasks
  if (b.dependency && b.role && !dependencyRuns(ps, host, b.role)) return;
  const imported = b.roleImport;
  if (imported) {
    // an include_role of the same role object that ran since set its allow_duplicates
    const allow = ps.roleDuplicates.get(imported.key) ?? imported.duplicates.allow;
    if (!importedRoleRuns(ps, host, imported.key, allow)) return;
  }
  if (b.role && !b.dependency) markRoleRan(ps, host, b.role);
  // an import_role's block (a block of the role it runs in has that role): the importing role
  // becomes a parent role
  if (b.role && !b.dependency && b.role !== scope.role)
    scope = { ...scope, includeVars: { ...scope.includeVars, ...parentRoleParams(scope) } };
  if (b.role) scope = roleScope(scope, b.role);
  const kw = b.kw;
  if (b.includeParams) scope = { ...scope, includeVars: { ...scope.includeVars, ...b.includeParams } };
  const inner = childScope(scope, kw, { rescuable: scope.rescuable || hasRescue });
  // an imported role (or a dependency of one) checks its argument_specs first, as Ansible's
  // validation task does
  if (b.role?.argumentSpec && !b.skipArgumentSpec) await checkRoleArgs(ps, host, b.role, inner);
  if (isActive(hs)) await runNodes(ps, host, b.block, inner);
  if (imported) importedRoleCompleted(ps, host, imported.key);
  if (hs.failed && !hs.unreachable && hasRescue && !ps.aborted) {
    hs.failed = false;
    // a rescued host is back in ansible_play_hosts, as in Ansible
    hs.removed = false;
    const info = hs.lastFailure
      ? { ansible_failed_task: hs.lastFailure.task, ansible_failed_result: hs.lastFailure.result }
      : undefined;
    await runNodes(
      ps,
      host,
      b.rescue,
      childScope(scope, kw, { rescuable: scope.rescuable, failedInfo: info }),
    );
  }
  if (b.always.length && !hs.unreachable) {
    const failedBefore = hs.failed;
    const clears = hs.errorsCleared;
    hs.failed = false;
    await runNodes(ps, host, b.always, childScope(scope, kw, { rescuable: scope.rescuable, always: true }));
    // a clear_host_errors inside the always section clears the failure that led there too
    hs.failed = hs.failed || (failedBefore && hs.errorsCleared === clears);
  }
}

/** include_tasks / include_role: loaded per host at run time, once per loop item. */
async function runInclude(ps: PlayState, host: string, inc: Include, scope: Scope): Promise<void> {
  const vars = taskVars(ps, host, scope, inc.kw);
  const templar = nodeTemplar(vars, inc, scope, ps.play.playbookDir);
  // run_once: only the batch's first host processes the include (and so runs its tasks)
  if (runsOnce(scope, inc, (v) => templar.template(v, inc.pos))) {
    if (ps.runOnce.has(inc)) return;
    ps.runOnce.set(inc, Promise.resolve(undefined));
  }
  // Ansible's name of an unnamed include_role: `include_role : ROLE` (the name as written)
  const name =
    inc.name ??
    (inc.type === 'include_role'
      ? `${inc.shownAction ?? inc.type} : ${String(inc.args.name)}`
      : (inc.shownAction ?? inc.type));
  // the header's name and the results' are one (the output holds an include's lines under it)
  const title = inc.role ? `${inc.role.name} : ${name}` : name;
  showTaskHeader(ps, inc as never, scope, title);
  ps.run.out.emit({ event: 'host_start', host, task: title });
  const emit = (
    status: 'ok' | 'skipped' | 'failed',
    result: Record<string, unknown>,
    /** counted: false leaves the recap alone; item: one loop item's include */
    {
      counted = true,
      ignored = false,
      item,
    }: { counted?: boolean; ignored?: boolean; item?: { item: unknown } } = {},
  ): void => {
    ps.run.out.emit({
      event: 'host_result',
      host,
      task: title,
      handler: scope.handler,
      action: inc.type,
      status,
      ...(item ? { item: item.item } : {}),
      ...(ignored ? { ignored } : {}),
      duration_ms: 0,
      result,
    });
    // Ansible's recap counts each file an include_tasks includes (one per loop item) as ok, and
    // an include_role not at all (only the role's tasks)
    if (counted && (status !== 'ok' || inc.type === 'include_tasks'))
      count(ps, host, {
        status,
        changed: false,
        ignored,
        rescued: status === 'failed' && !ignored && scope.rescuable,
      });
    if (status === 'failed' && !ignored) {
      hostState(ps.run, host).failed = true;
      if (!scope.rescuable) stopIfFatal(ps, scope, inc);
    }
  };
  // Ansible evaluates the include task (when, loop, file name, vars) for every item before it
  // loads anything: a failure there is the task's own (ignore_errors applies, register records
  // it); one in loading the file or role is not
  let steps: IncludeStep[];
  try {
    steps = includeSteps(ps, inc, scope, vars, templar);
    if (steps.length > 0)
      checkTaskBooleans(scope, inc, (v) => templar.template(v, inc.pos), INCLUDE_BOOLEANS);
  } catch (e) {
    const result = { failed: true, msg: `${name} at ${inc.pos.file}:${inc.pos.line}: ${errText(e)}` };
    registerInclude(ps, host, inc, result);
    const ignored = errorsIgnored(scope, inc, (v) => safeTemplate(templar, v));
    return emit('failed', { changed: false, ...result }, { ignored });
  }
  if (steps.length === 0) {
    registerInclude(ps, host, inc, {
      changed: false,
      skipped: true,
      skip_reason: 'Conditional result was False',
    });
    return emit('skipped', { changed: false, skipped: true });
  }
  const lk = loopKeyword(inc);
  registerInclude(
    ps,
    host,
    inc,
    lk
      ? {
          changed: false,
          msg: 'All items completed',
          skipped: false,
          results: steps.map((s) => s.registered),
        }
      : { changed: false, ...steps[0]!.registered },
  );
  try {
    // as Ansible: every item's file or role is loaded before the first one's tasks run
    if (inc.type === 'include_tasks') {
      const files = loadIncluded(
        ps,
        host,
        inc,
        scope,
        steps,
        (step) => loadTaskFile(step.file!, scope.role, inc.pos, scope.handler),
        (nodes) => nodes,
      );
      for (const step of steps) {
        const item = lk ? { item: step.registered.item } : undefined;
        emit('ok', { changed: false, include: step.file }, { item });
      }
      for (const { step, loaded } of files) await runNodes(ps, host, loaded, step.inner);
    } else {
      const roles = loadIncluded(
        ps,
        host,
        inc,
        scope,
        steps,
        (step) =>
          loadIncludedRole(
            step.roleArgs!,
            { rolesPath: ps.run.req.rolesPath ?? [], playbookDir: ps.play.playbookDir },
            inc.pos,
          ),
        (l) => roleChain(l.role).flatMap((r) => r.tasks),
      );
      for (const {
        step,
        loaded: { role, imported },
      } of roles) {
        const flags = includeRoleFlags(step.roleArgs!, inc.pos);
        for (const r of [...roleChain(role), ...imported.flatMap(roleChain)])
          for (const h of flatHandlers(r.handlers)) if (!ps.handlers.includes(h)) ps.handlers.push(h);
        if (flags.public) {
          ps.publicRoles ??= [];
          if (!ps.publicRoles.includes(role)) ps.publicRoles.push(role);
        }
        emit('ok', { changed: false, include_role: role.name });
        // the include sets the shared role object's allow_duplicates as it loads the role
        const key = roleImportKey(role.path, step.roleArgs!, inc.kw.vars);
        const allow = flags.allowDuplicates;
        ps.roleDuplicates.set(key, allow);
        if (!importedRoleRuns(ps, host, key, allow)) continue;
        await runRoleNodes(ps, host, role, step.inner, flags.rolespecValidate);
        importedRoleCompleted(ps, host, key);
      }
    }
  } catch (e) {
    if (e instanceof RunStopError) throw e;
    const found = [e, ...(e instanceof InputErrors ? e.all : [])];
    const notHandler = found.find((x) => x instanceof NotAHandlerError);
    if (notHandler) throw new HandlerRunError(notHandler.message, notHandler.pos, notHandler.hint);
    // Ansible's strategy re-raises a parser error of an included file: no rescue, the run ends
    const parse = found.find((x) => x instanceof ParseError);
    if (parse) throw new RunStopError(parse.message, parse.pos, parse.hint);
    // a file or role that cannot be loaded fails the host; Ansible's recap counts no task for it
    // when a rescue takes over
    const loadFailure = e instanceof InputError && scope.rescuable;
    emit(
      'failed',
      { changed: false, failed: true, msg: `${name} at ${inc.pos.file}:${inc.pos.line}: ${errText(e)}` },
      { counted: !loadFailure },
    );
  }
}

/**
 * What each step of an include loads, in the order the host runs them. In the linear strategy
 * (a lockstep step, not a handler) the hosts that included the same file or role share what the
 * first of them loaded and run it together, in Ansible's order of the files (Lockstep).
 */
function loadIncluded<T>(
  ps: PlayState,
  host: string,
  inc: Include,
  scope: Scope,
  steps: IncludeStep[],
  load: (step: IncludeStep) => T,
  tasksOf: (loaded: T) => TaskNode[],
): Array<{ step: IncludeStep; loaded: T }> {
  const lockstep = scope.handler ? undefined : ps.lockstep;
  const loaded = steps.map((step) =>
    lockstep
      ? lockstep.includedOnce(inc, host, includedFileKey(step), () => load(step), tasksOf)
      : load(step),
  );
  const order = lockstep ? lockstep.runOrder(loaded.map(tasksOf)) : [...loaded.keys()];
  return order.map((i) => ({ step: steps[i]!, loaded: loaded[i]! }));
}
