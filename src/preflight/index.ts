import { dirname } from 'node:path';
import type { Block, Include, Play, Playbook, RoleInstance, Task, TaskNode } from '../playbook/types.js';
import { posOf } from '../yaml/load.js';
import { checkCondition, checkTemplates } from './expressions.js';
import { guards, ignoresErrors } from './guards.js';
import { checkKeywords, checkVarNames } from './keywords.js';
import { checkModuleArgs } from './module-args.js';
import { defaultedArgs, type DefaultedArgs } from './module-defaults.js';
import { PreflightError, Problems, formatWarning, type Problem } from './problems.js';
import { checkRole } from './roles.js';
import { warnPythonPlugins } from './python-plugins.js';
import { displayPath } from '../playbook/read-yaml.js';
import { loadModules } from '../modules/catalog.js';
import { includedRoles, includedTasks, type IncludeWalk } from './includes.js';
import { actionsOf } from './actions.js';

/**
 * The preflight: everything knowable without a host, checked after the playbooks load and before
 * `fabplay run` connects anywhere (and by `fabplay validate`). It rejects only what Ansible rejects
 * too (at load, or for certain when the task runs); what Ansible runs but fabplay cannot is a
 * warning here and a failure of that task if it runs.
 */

export { PreflightError, Problems, formatWarning } from './problems.js';

interface Walk extends IncludeWalk {
  extraVars: Record<string, unknown>;
  /** role instances already walked (one role used by many plays is checked once) */
  roles: Set<RoleInstance>;
  /** the arguments module_defaults may give, per module */
  defaulted: DefaultedArgs;
  /** the ignore_errors in force (guards.ts) */
  ignoring: boolean;
  /** inside a when, failed_when, a block with rescue or handlers: the task may not fail */
  mayNotFail: boolean;
}

/** A mistake found now is the task's failure if it runs, not the run's stop, when either guard holds. */
function setGuarded(w: Walk): void {
  w.out.guarded = w.ignoring || w.mayNotFail;
}

function describe(node: Task | Block | Include): string {
  const kind = node.type === 'task' && node.handler ? 'handler' : node.type === 'block' ? 'block' : 'task';
  return node.name !== undefined ? `${kind} "${node.name}"` : kind;
}

function searchDirs(node: TaskNode, w: Walk): string[] {
  const dirs: string[] = [];
  if (node.role) dirs.push(node.role.path);
  const taskDir = dirname(node.pos.file);
  dirs.push(taskDir, dirname(taskDir), w.playbookDir);
  return [...new Set(dirs)];
}

async function walkNodes(nodes: TaskNode[], w: Walk): Promise<void> {
  for (const node of nodes) {
    const what = describe(node);
    const outer = { ignoring: w.ignoring, mayNotFail: w.mayNotFail, mayNotRun: w.mayNotRun };
    const handler = node.type === 'task' && !!node.handler;
    w.ignoring = ignoresErrors(node.kw, w.ignoring);
    if (guards(node.kw, ['failed_when']) || handler) w.mayNotFail = true;
    setGuarded(w);
    // a broken when fails the task whenever it is reached: only the guards above soften it
    if (node.kw.when !== undefined)
      checkCondition(node.kw.when, posOf(node.kw, 'when') ?? node.pos, 'when', w.out);
    if (guards(node.kw, ['when'])) w.mayNotFail = w.mayNotRun = true;
    setGuarded(w);
    checkKeywords(node.kw, node.pos, what, w.out, ['when']);
    if (node.type === 'block') {
      const before = w.mayNotFail;
      // a rescue catches the block's failures
      if (node.rescue.length) w.mayNotFail = true;
      setGuarded(w);
      await walkNodes(node.block, w);
      w.mayNotFail = before;
      setGuarded(w);
      const runs = w.mayNotRun;
      w.mayNotRun = true;
      await walkNodes(node.rescue, w);
      w.mayNotRun = runs;
      await walkNodes(node.always, w);
    } else if (node.type === 'task') {
      const defaulted = node.viaActionKey ? undefined : w.defaulted.get(node.action);
      checkModuleArgs(node, { what, searchDirs: searchDirs(node, w), defaulted }, w.out);
    } else if (node.type === 'include_tasks') {
      const included = await includedTasks(node, w);
      if (included) await walkNodes(included, w);
    } else if (node.type === 'include_role') {
      for (const role of (await includedRoles(node, w)) ?? []) await walkRole(role, w);
    }
    Object.assign(w, outer);
    setGuarded(w);
  }
}

async function walkRole(role: RoleInstance, w: Walk): Promise<void> {
  if (w.roles.has(role)) return;
  w.roles.add(role);
  for (const dep of role.dependencies) await walkRole(dep, w);
  checkRole(role, w.extraVars, w.out);
  warnPythonPlugins(role.path, `role '${role.name}' (${displayPath(role.path)})`, role.pos, w.out);
  const outer = { ignoring: w.ignoring, mayNotFail: w.mayNotFail, mayNotRun: w.mayNotRun };
  w.ignoring = ignoresErrors(role.kw, w.ignoring);
  if (guards(role.kw, ['when', 'failed_when'])) w.mayNotFail = true;
  if (guards(role.kw, ['when'])) w.mayNotRun = true;
  setGuarded(w);
  await walkNodes(role.tasks, w);
  w.mayNotFail = w.mayNotRun = w.inHandlers = true;
  setGuarded(w);
  await walkNodes(role.handlers, w);
  w.inHandlers = false;
  Object.assign(w, outer);
  setGuarded(w);
}

async function walkPlay(play: Play, w: Walk): Promise<void> {
  const what = `play "${play.name}"`;
  const hosts = Array.isArray(play.hosts) ? play.hosts : [play.hosts];
  if (!hosts.length || hosts.every((h) => h.trim() === '' || h === 'null'))
    w.out.error(play.pos, `${what}: hosts is empty`, 'name the hosts or groups to run on, as in hosts: all');
  checkKeywords(play.kw, play.pos, what, w.out);
  checkVarNames(play.vars, play.pos, 'Play', w.out);
  for (const [k, v] of Object.entries(play.vars))
    checkTemplates(v, posOf(play.vars, k) ?? play.pos, `${what}: vars ${k}`, w.out);
  // vars_prompt entries are templated when the play starts: their syntax is known now
  for (const p of play.varsPrompt ?? [])
    checkTemplates(p.spec, p.pos, `${what}: vars_prompt ${String(p.spec.name)}`, w.out);
  // a play's ignore_errors is every task's unless one nearer says otherwise
  w.ignoring = ignoresErrors(play.kw, false);
  w.mayNotFail = w.mayNotRun = false;
  setGuarded(w);
  for (const role of play.roles) await walkRole(role, w);
  for (const role of play.importedRoles ?? []) await walkRole(role, w);
  for (const list of [play.preTasks, play.tasks, play.postTasks]) await walkNodes(list, w);
  w.mayNotFail = w.mayNotRun = w.inHandlers = true;
  setGuarded(w);
  await walkNodes(play.handlers, w);
  w.ignoring = w.mayNotFail = w.mayNotRun = w.inHandlers = false;
  setGuarded(w);
}

export interface PreflightOptions {
  /** where include_role looks for roles, as the run does (--roles-path, roles_path) */
  rolesPath?: string[];
}

/** Checks every playbook; returns what it found (errors and warnings). */
export async function preflight(
  playbooks: Playbook[],
  extraVars: Record<string, unknown> = {},
  opts: PreflightOptions = {},
): Promise<Problems> {
  const actions = new Set<string>();
  for (const play of playbooks.flatMap((pb) => pb.plays))
    actionsOf(
      [...play.preTasks, ...play.tasks, ...play.postTasks, ...play.handlers],
      [...play.roles, ...(play.importedRoles ?? [])],
      actions,
    );
  await loadModules(actions);
  const out = new Problems();
  const roles = new Set<RoleInstance>();
  const included = new Set<string>();
  const defaulted = defaultedArgs(playbooks.flatMap((pb) => pb.plays));
  const playbookDirs = new Set<string>();
  for (const pb of playbooks) {
    const dir = dirname(pb.file);
    if (!playbookDirs.has(dir)) {
      playbookDirs.add(dir);
      warnPythonPlugins(
        dir,
        `the playbook's directory (${displayPath(dir)})`,
        { file: displayPath(pb.file), line: 1, col: 1 },
        out,
      );
    }
    const w: Walk = {
      out,
      playbookDir: dirname(pb.file),
      extraVars,
      roles,
      defaulted,
      ignoring: false,
      mayNotFail: false,
      mayNotRun: false,
      inHandlers: false,
      included,
      rolesPath: opts.rolesPath ?? [],
    };
    for (const play of pb.plays) await walkPlay(play, w);
  }
  return out;
}

function ifItRuns(p: Problem): string {
  return p.endsRun ? 'the run ends if the include runs' : 'the task fails if it runs';
}

/**
 * The preflight of `fabplay run`: prints its warnings, throws a PreflightError holding all its
 * errors. A guarded task's mistake (Problem.guarded) is a warning here: Ansible runs the playbook,
 * and the task fails if it runs.
 */
export async function runPreflight(
  playbooks: Playbook[],
  extraVars: Record<string, unknown>,
  write: (text: string) => void = (t) => process.stderr.write(t),
  opts: PreflightOptions = {},
): Promise<Problems> {
  const found = await preflight(playbooks, extraVars, opts);
  for (const p of found.list)
    if (p.severity === 'warning' || p.guarded)
      write(formatWarning(p.guarded ? { ...p, hint: `${p.hint ? `${p.hint}; ` : ''}${ifItRuns(p)}` } : p));
  const errors = found.errors.filter((p) => !p.guarded);
  if (errors.length) throw new PreflightError(errors);
  return found;
}
