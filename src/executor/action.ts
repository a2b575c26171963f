import { noteTemplatedConditions } from './templated-conditions.js';
import { dirname, resolve } from 'node:path';
import { ActionRaised, CommandError, UnreachableError, formatPos, type SourcePos } from '../errors.js';
import { loadModules } from '../modules/catalog.js';
import { Templar } from '../template/index.js';
import type { BecomeSpec, Connection, SshLink } from '../connection/types.js';
import type { ModuleResult } from '../modules/types.js';
import type { RoleInstance, Task } from '../playbook/types.js';
import { checkModuleArgs, makeModuleContext, missingRequired } from './module-context.js';
import type * as AsyncTask from './async-task.js';
import type { AsyncOptions, AsyncStatusReport } from './async-task.js';
import { importOwn } from '../util/import-own.js';
import { withWarnings } from '../modules/lib/context.js';
import { markUnsafe, revealDeep } from '../template/index.js';
import { STORED_FACTS } from '../modules/types.js';
import { factVarName, isBareResultKey } from '../facts/names.js';
import { isSecretArgName } from '../output/masking.js';
import { defaultArgs } from './module-defaults.js';
import { intArgProblems } from '../modules/lib/int-args.js';
import { missingModule } from './templated-action.js';
import { invalidOptions } from './invalid-options.js';
import { tuplesAsLists } from '../template/tuples-as-lists.js';
import { PyExceptionFailure } from './py-exception.js';
import { TemplateFailure, errText, templateArgs } from './task-args.js';
import { moduleToRun } from './module-choice.js';
import { factsModuleList, gatherWithModules } from './facts-modules.js';
import { addNote, noteTemplateWarnings } from './template-notes.js';
import { forgetAfterRun } from '../util/run-scope.js';
import { undefinedInConditional } from '../template/undefined-message.js';
import { extensibleCopy } from '../util/extensible-copy.js';

/** Everything one module call needs, resolved per host (and per item). */
export interface ActionInput {
  task: Task;
  host: string;
  conn: Connection;
  /** the host delegate_to names, when the task is delegated */
  delegated?: string;
  /** how the task's own host is reached over SSH (undefined: a local host) */
  sshLink?: () => SshLink | undefined;
  vars: Record<string, unknown>;
  facts: Record<string, unknown>;
  check: boolean;
  diff: boolean;
  become?: BecomeSpec;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** the module_defaults values over the task, outermost first (module-defaults.ts) */
  moduleDefaults?: unknown[];
  /** `async:`/`poll:` of the task: the module's command runs as a background job */
  async?: AsyncOptions;
  role?: RoleInstance;
  playbookDir: string;
  register?: string;
  /** [defaults] facts_modules: what gather_facts runs (facts-modules.ts) */
  factsModules?: readonly string[];
  /** the task's no_log (a module of the user's own is told it) */
  noLog?: boolean;
  /** delegate_facts sends this call's facts to another host: its conditions do not see them */
  factsDelegated?: boolean;
  /** Ansible's warnings shown with the task, never registered (conditions written as templates, gather_facts' ignored options) */
  shownWarnings?: string[];
  /** applies an add_host/group_by result to the inventory; the result with `changed` from it */
  inventoryChange?: (res: ModuleResult) => ModuleResult;
  /** a try did not meet `until`: the task runs again, `left` more tries at the most */
  retrying?: (res: ModuleResult, left: number, a: ActionInput) => void;
  /** a log line shown from verbosity `level` (3 when not given) */
  log: (msg: string, level?: number) => void;
  /** an async task's polls and end, as Ansible's callback hears them */
  asyncStatus?: AsyncStatusReport;
  /** hears the values of the module's password arguments, to mask them in output */
  secret?: (value: unknown) => void;
}

/** A failed result that names the task's file:line. */
export function failure(task: Task, msg: string, extra: Record<string, unknown> = {}): ModuleResult {
  void task;
  return { changed: false, failed: true, msg, ...extra };
}

/**
 * A task that failed before its module ran or around it (a template error in its arguments, its
 * `when`, its loop): Ansible's TaskExecutor returns only `failed` and `msg`, for a loop too.
 */
export function taskError(msg: string): ModuleResult {
  return { failed: true, msg };
}

/**
 * Runs the task's module once. Never throws, except UnreachableError and a TemplateFailure of
 * its arguments (which fails the whole task).
 */
export async function invokeModule(a: ActionInput): Promise<ModuleResult> {
  const { task } = a;
  await loadModules([task.action]);
  const mod = moduleToRun(task, a.noLog ?? false);
  const at = formatPos(task.actionPos ?? task.pos);
  // a module Ansible has and fabplay lacks: the preflight warned; the task fails when it runs
  if (!mod) return missingModule(task, at);
  const searchPaths = searchPathsOf({ role: a.role, playbookDir: a.playbookDir, file: task.pos.file });
  const templar = new Templar(a.vars, { searchPaths });
  let args: Record<string, unknown>;
  const levels = a.moduleDefaults ?? [];
  try {
    // gather_facts runs setup: setup's defaults under its own, as Ansible's gather_facts action
    const defaults = {
      ...(task.action === 'gather_facts' ? defaultArgs('setup', levels, templar, task.pos) : {}),
      ...defaultArgs(task.action, levels, templar, task.pos),
    };
    // a warning shows once with this host's result (noted as the conditions' are)
    const warn = (msg: string): void => addNote(a.shownWarnings, msg);
    try {
      args = templateArgs(task, templar, mod.keepsUnsafe, defaults, warn);
    } finally {
      noteTemplateWarnings(a.shownWarnings);
    }
  } catch (e) {
    // Ansible templates the arguments before the action (post_validate): the error fails the
    // whole task, a loop's too (no results), with no retries, failed_when or changed_when
    if ((e instanceof TemplateFailure && e.worded) || e instanceof PyExceptionFailure) throw e;
    throw new TemplateFailure(`task failed at ${formatPos(task.pos)}: ${errText(e)}`, true);
  }
  for (const [k, v] of Object.entries(args)) if (isSecretArgName(k)) a.secret?.(v);
  if (task.action === 'gather_facts') {
    const modules = factsModuleList(templar.template(a.vars.ansible_facts_modules, task.pos), a.factsModules);
    if (modules) return gatherWithModules(a, modules, { raw: task.args, rendered: args }, invokeModule);
  }
  // arguments first: Ansible fails validation errors "even in check mode" (AnsibleModule). A
  // missing required argument reads as Ansible's module words it (playbooks compare that msg;
  // the preflight has named the place at load)
  const invalid = invalidOptions(task, mod, args);
  // raised as AnsibleActionFail outside any except: its result carries that empty traceback
  if (invalid) return failure(task, invalid, { exception: 'NoneType: None\n' });
  const missing = missingRequired(mod, args);
  if (missing) return failure(task, missing);
  // so does a float given to an int argument (`timeout: 2.0`, check_type_int)
  const badInts = intArgProblems(mod.args, args);
  if (badInts.length) return failure(task, badInts.join('; '));
  const problems = mod.unchecked ? [] : checkModuleArgs(mod, args);
  if (problems.length) return failure(task, `${at}: module '${mod.name}': ${problems.join('; ')}`);
  // the background-job code is loaded by the first task with async (start-up time)
  const asyncTask = a.async && (await importOwn<typeof AsyncTask>('./async-task.js', import.meta.url));
  const refused = asyncTask && asyncTask.asyncRefusal(mod, a.check);
  if (refused) return failure(task, refused);
  if (a.check && !mod.supportsCheck)
    return { changed: false, skipped: true, msg: `module '${mod.name}' does not support check mode` };
  const { ctx, warnings } = makeModuleContext({
    host: a.host,
    conn: a.conn,
    delegatedTo: a.delegated,
    sshLink: a.sshLink,
    check: a.check,
    diff: a.diff,
    become: a.become,
    vars: a.vars,
    facts: a.facts,
    role: a.role,
    playbookDir: a.playbookDir,
    env: a.env,
    timeoutMs: a.timeoutMs,
    log: (msg, level) => a.log(msg, level),
    display: (msg) => addNote(a.shownWarnings, msg),
    taskDir: dirname(resolve(task.pos.file)),
    searchPaths,
    defaultsOf: (module) => defaultArgs(module, levels, templar, task.pos),
  });
  try {
    const run =
      asyncTask && a.async ? asyncTask.runAsync(ctx, mod, args, a.async, a.asyncStatus) : mod.run(ctx, args);
    // a tuple in what the task gives back (debug's msg, set_fact's values) is a list from here
    // on, as in Ansible's results
    const res = tuplesAsLists(a.timeoutMs ? await withTimeout(run, a.timeoutMs, mod.name) : await run);
    // Ansible's executor adds failed: false and changed: false where a result has none (registered
    // values show them); a value a module gave it keeps as it is (async_wrapper's failed: 1, a
    // module of the user's own saying "failed": [], debug's `var: changed`), read as Python would
    const failed = res.failed === undefined ? false : res.failed;
    const changed = res.changed === undefined ? false : res.changed;
    const out = extensibleCopy(res);
    out.changed = changed;
    out.failed = failed;
    const ran = withWarnings(out, warnings);
    const shownFacts = res.ansible_facts && revealDeep(res.ansible_facts);
    if (shownFacts !== res.ansible_facts)
      // set_fact, include_vars of !unsafe values: output and `register` see the text, the
      // variables keep the unsafe marks
      return {
        ...ran,
        ansible_facts: shownFacts as Record<string, unknown>,
        [STORED_FACTS]: res.ansible_facts,
      };
    return ran;
  } catch (e) {
    if (e instanceof UnreachableError) throw e;
    if (e instanceof ActionRaised) throw new TemplateFailure(e.message, true);
    const failed =
      e instanceof CommandError
        ? failure(task, e.message, { rc: e.rc, stdout: e.stdout, stderr: e.stderr, cmd: e.command })
        : failure(task, e instanceof TimeoutFailure ? e.message : errText(e));
    // what the module warned of before it failed shows too, as Ansible's warnings do
    return withWarnings(failed, warnings);
  }
}

/**
 * Where lookup('file') / lookup('template') / first_found look (Ansible's ansible_search_path):
 * the role dir, the directory of the task's own file, then the playbook dir.
 */
export function searchPathsOf(a: { role?: RoleInstance; playbookDir: string; file?: string }): string[] {
  const id = `${a.role?.path ?? ''}\0${a.file ?? ''}\0${a.playbookDir}`;
  let paths = searchPathsMemo.get(id);
  if (!paths) {
    const dirs = [
      ...(a.role ? [a.role.path] : []),
      ...(a.file ? [dirname(resolve(a.file))] : []),
      a.playbookDir,
    ];
    searchPathsMemo.set(id, (paths = Object.freeze([...new Set(dirs)])));
  }
  // a copy: the caller may add to it
  return [...paths];
}

/** The same few paths for every host and task of a file: resolved once each. */
const searchPathsMemo = forgetAfterRun(new Map<string, readonly string[]>());

/** A Templar for a task or include: its vars, and lookups searching from where it stands. */
export function nodeTemplar(
  vars: Record<string, unknown>,
  node: { pos: SourcePos },
  scope: { role?: RoleInstance },
  playbookDir: string,
): Templar {
  return new Templar(vars, {
    searchPaths: searchPathsOf({ role: scope.role, playbookDir, file: node.pos.file }),
  });
}

class TimeoutFailure extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number, action: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_r, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new TimeoutFailure(
            `The ${action} action failed to execute in the expected time frame (${ms / 1000}) and was terminated`,
          ),
        ),
      ms,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * changed_when / failed_when, with the registered name bound to this result; then until and
 * retries around it all, as Ansible's TaskExecutor does.
 */
export async function invokeWithRetries(
  a: ActionInput,
  retries: { until?: unknown; retries: number; delayMs: number },
): Promise<ModuleResult> {
  // Ansible's count: retries + 1 attempts; `retries: 0` (or less) is one attempt, until unchecked
  const attempts = retries.until === undefined ? 1 : retries.retries <= 0 ? 1 : retries.retries + 1;
  let res: ModuleResult = { changed: false };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      res = await invokeModule(a);
    } catch (e) {
      // Ansible's _execute returns it before the module, failed_when and until
      if (e instanceof PyExceptionFailure) return e.result();
      throw e;
    }
    // group_by/add_host: the inventory changes right after the module, before changed_when
    if (a.inventoryChange) res = a.inventoryChange(res);
    // attempts is in the result before changed_when/failed_when see it, as in Ansible
    if (retries.until !== undefined) res.attempts = attempt;
    res = applyConditions(a, res);
    if (attempts === 1) return res;
    let done: boolean;
    try {
      done = evalWith(a, res, retries.until);
    } catch (e) {
      return failure(a.task, `until: ${errText(e)}`);
    }
    if (done) return res;
    if (attempt < attempts) {
      // Ansible's retried result carries its count of tries
      a.retrying?.({ ...res, retries: attempts }, attempts - attempt, a);
      await new Promise((r) => setTimeout(r, retries.delayMs));
    }
  }
  // Ansible reports one attempt fewer than it made once the retries run out, and adds no msg
  return { ...res, attempts: attempts - 1, failed: true };
}

/**
 * What a task's own facts add to the variables of its changed_when, failed_when and until, as
 * Ansible's TaskExecutor updates them: set_fact's and include_vars' values (not with
 * delegate_facts); a module's facts as `ansible_<name>` (with delegate_facts too; Ansible's
 * `ansible_facts` there gets them one level down, so fabplay leaves it alone).
 */
function ownFacts(a: ActionInput, res: ModuleResult): Record<string, unknown> {
  const clean = res[STORED_FACTS] ?? (CLEAN_FACTS.has(a.task.action) ? res.ansible_facts : undefined);
  if (clean) return a.factsDelegated ? {} : clean;
  const facts = res.ansible_facts ?? {};
  // host data, as any fact
  const named = Object.entries(facts).flatMap(([k, v]) => {
    const name = isBareResultKey(k) ? k : factVarName(k);
    return name === undefined ? [] : [[name, v] as const];
  });
  return markUnsafe(Object.fromEntries(named));
}

const CLEAN_FACTS = new Set(['set_fact', 'include_vars']);

function evalWith(a: ActionInput, res: ModuleResult, cond: unknown): boolean {
  if (a.shownWarnings) noteTemplatedConditions(cond, a.shownWarnings);
  // the result is host data: `p.stdout` in a condition is a value, never a template
  const vars = a.register ? { ...a.vars, [a.register]: markUnsafe(res) } : { ...a.vars };
  Object.assign(vars, ownFacts(a, res));
  const templar = new Templar(vars);
  const list = Array.isArray(cond) ? cond : [cond];
  try {
    return list.every((c) => templar.isTrue(c, a.task.pos));
  } finally {
    // its lookups' warnings show with this result, not the next task's
    noteTemplateWarnings(a.shownWarnings);
  }
}

function applyConditions(a: ActionInput, res: ModuleResult): ModuleResult {
  const cw = a.task.kw.changed_when;
  const fw = a.task.kw.failed_when;
  // Ansible evaluates neither where the result has `skipped`, whatever its value
  if (res.skipped !== undefined) return res;
  let which = 'changed';
  let cond: unknown = cw;
  try {
    if (cw !== undefined) res = { ...res, changed: evalWith(a, res, cw) };
    which = 'failed';
    cond = fw;
    if (fw !== undefined) {
      const f = evalWith(a, res, fw);
      res = { ...res, failed_when_result: f, failed: f };
    }
  } catch (e) {
    // Ansible keeps the module's result and puts the error in <which>_when_result
    const shown = Array.isArray(cond) ? cond.map(String).join(' and ') : String(cond);
    return {
      ...res,
      failed: true,
      [`${which}_when_result`]: `The conditional check '${shown}' failed. The error was: ${undefinedInConditional(shown, e) ?? errText(e)} (in ${which}_when at ${formatPos(a.task.pos)})`,
    };
  }
  return res;
}
