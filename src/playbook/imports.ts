import { loopKeys } from './keywords.js';
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError, type SourcePos, didYouMean } from '../errors.js';
import { posOf } from '../yaml/load.js';
import { deferProblem, isTemplated, loadTimeName, loadTimeValue, type LoadContext } from './load-context.js';
import { displayPath } from './read-yaml.js';
import { findRolePath, loadRoleInstance, roleBody, roleImportKey } from './roles.js';
import { boolOf } from '../util/ansible-bool.js';
import { readTaskFile, type TaskScope } from './tasks.js';
import type { Block, Include, Keywords } from './types.js';

/**
 * import_tasks / import_role are resolved now into a Block carrying the import's keywords (so
 * `when`/`tags` on the import apply to every imported task); include_tasks / include_role stay
 * Include nodes for the executor, after checking what can be checked now (the file or role exists).
 */

const ROLE_ARGS = [
  'name',
  'tasks_from',
  'vars_from',
  'defaults_from',
  'handlers_from',
  'allow_duplicates',
  'public',
  'rolespec_validate',
  'apply',
];

/** An argument an include or import does not take, in Ansible's words (its parser error). */
function badOption(what: string, action: string, k: string, pos: SourcePos): InputError {
  if (k === 'apply')
    return new InputError(
      `${what}: Invalid options for ${action}: apply`,
      pos,
      `apply is for include_${action.slice('import_'.length)}; an import's own keywords already apply to each imported task`,
    );
  const role = action.endsWith('_role');
  const guess = didYouMean(k, role ? ROLE_ARGS : ['file']);
  return new InputError(
    `${what}: Invalid options for ${action}: ${k}${guess ? ` (did you mean '${guess}'?)` : ''}`,
    pos,
    role ? 'role parameters go under vars: on the task' : undefined,
  );
}

function fileArg(args: Record<string, unknown>, action: string, what: string, pos: SourcePos): unknown {
  for (const k of Object.keys(args))
    if (!['file', '_raw_params', ...(action === 'include_tasks' ? ['apply'] : [])].includes(k))
      throw badOption(what, action, k, posOf(args, k) ?? pos);
  const file = args.file ?? args._raw_params;
  if (typeof file !== 'string' || !file.trim())
    throw new InputError(`${what}: ${action} needs a file name`, pos, `write \`${action}: other.yml\``);
  return file.trim();
}

/**
 * Where a relative task file is: the role's tasks/ dir first (inside a role), then beside the
 * current file, then the role's own directory, then (Ansible's last resort) the playbook's.
 */
function findTaskFile(file: string, scope: TaskScope): { path?: string; tried: string[] } {
  const beside = /\.(ya?ml|json)$/.test(scope.file) ? [dirname(scope.file)] : [];
  const dirs = isAbsolute(file)
    ? ['']
    : [
        ...(scope.role ? [join(scope.role.path, 'tasks')] : []),
        scope.baseDir,
        ...beside,
        // Ansible's path_dwim_relative also tries the role's own directory (`tasks/x.yml` from handlers/)
        ...(scope.role ? [scope.role.path] : []),
        scope.ctx.playbookDir,
      ];
  const tried: string[] = [];
  for (const d of dirs) {
    for (const name of /\.(ya?ml|json)$/.test(file) ? [file] : [file, `${file}.yml`, `${file}.yaml`]) {
      const p = d ? resolve(d, name) : name;
      tried.push(p);
      if (existsSync(p) && statSync(p).isFile()) return { path: p, tried };
    }
  }
  return { tried };
}

/** The variables an import inside `scope` sees while loading, besides the play's (LoadContext.loadVars). */
function importVars(scope: TaskScope, kw: Keywords): Record<string, unknown> {
  const r = scope.role;
  return {
    ...(r ? { ...r.defaults, ...r.vars, ...r.params } : {}),
    ...scope.vars,
    ...(kw.vars as Record<string, unknown> | undefined),
  };
}

function missingFile(what: string, file: string, tried: string[], pos: SourcePos): InputError {
  return new InputError(
    `${what}: task file not found: ${file}`,
    pos,
    `looked for ${[...new Set(tried)].join(', ')}`,
  );
}

export function importTasks(
  args: Record<string, unknown>,
  kw: Keywords,
  name: string | undefined,
  scope: TaskScope,
  what: string,
  actionPos: SourcePos,
  pos: SourcePos,
): Block {
  const file = fileArg(args, 'import_tasks', what, actionPos) as string;
  const loopKw = loopKeys(kw)[0];
  if (loopKw)
    throw new InputError(
      `${what}: import_tasks cannot loop ('${loopKw}')`,
      pos,
      'use include_tasks to loop over a task file',
    );
  const found = findTaskFile(loadTimeName(file, scope.ctx, importVars(scope, kw), what, actionPos), scope);
  if (!found.path) throw missingFile(what, file, found.tried, actionPos);
  const { ctx } = scope;
  if (ctx.fileStack.includes(found.path))
    throw new InputError(
      `${what}: import cycle: ${[...ctx.fileStack, found.path].map(displayPath).join(' -> ')}`,
      actionPos,
    );
  ctx.fileStack.push(found.path);
  try {
    const inner: TaskScope = { ...scope, baseDir: scope.role ? scope.baseDir : dirname(found.path) };
    const tasks = readTaskFile(found.path, inner, actionPos);
    return { type: 'block', name, block: tasks, rescue: [], always: [], kw, pos };
  } finally {
    ctx.fileStack.pop();
  }
}

export function includeTasks(
  args: Record<string, unknown>,
  kw: Keywords,
  name: string | undefined,
  scope: TaskScope,
  what: string,
  actionPos: SourcePos,
  pos: SourcePos,
): Include {
  const file = fileArg(args, 'include_tasks', what, actionPos) as string;
  let baseDir = scope.role ? join(scope.role.path, 'tasks') : scope.baseDir;
  if (!isTemplated(file)) {
    const found = findTaskFile(file, scope);
    // Ansible: a failure of this include when (and if) it runs, e.g. not behind `when: false`
    if (!found.path) deferProblem(scope.ctx, missingFile(what, file, found.tried, actionPos));
    else baseDir = dirname(found.path);
  }
  const out: Record<string, unknown> = { file };
  if (args.apply !== undefined) out.apply = args.apply;
  return { type: 'include_tasks', name, args: out, baseDir, kw, pos };
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

function roleArgs(args: Record<string, unknown>, action: string, what: string, pos: SourcePos): string {
  for (const k of Object.keys(args)) {
    if (ROLE_ARGS.includes(k) && (k !== 'apply' || action === 'include_role')) continue;
    throw badOption(what, action, k, posOf(args, k) ?? pos);
  }
  // Ansible's parser error, for import_role and include_role alike
  for (const k of ['tasks_from', 'vars_from', 'defaults_from', 'handlers_from'])
    if (k in args && typeof args[k] !== 'string')
      throw new InputError(
        `${what}: Expected a string for ${k} but got ${kindOf(args[k])} instead`,
        posOf(args, k) ?? pos,
        `name one file: \`${k}: main.yml\``,
      );
  const name = args.name;
  if (typeof name !== 'string' || !name.trim())
    throw new InputError(`${what}: ${action} needs 'name: ROLE'`, pos);
  return name.trim();
}

export function importRole(
  args: Record<string, unknown>,
  kw: Keywords,
  name: string | undefined,
  scope: TaskScope,
  what: string,
  actionPos: SourcePos,
  pos: SourcePos,
): Block {
  const vars = importVars(scope, kw);
  const roleName = loadTimeName(
    roleArgs(args, 'import_role', what, actionPos),
    scope.ctx,
    vars,
    what,
    actionPos,
  );
  const from = (k: string): string | undefined =>
    typeof args[k] === 'string'
      ? loadTimeName(args[k] as string, scope.ctx, vars, what, posOf(args, k) ?? actionPos)
      : undefined;
  const files = {
    tasks_from: from('tasks_from'),
    vars_from: from('vars_from'),
    defaults_from: from('defaults_from'),
    handlers_from: from('handlers_from'),
  };
  const role = loadRoleInstance(scope.ctx, roleName, {}, {}, actionPos, {
    tasksFrom: files.tasks_from,
    varsFrom: files.vars_from,
    defaultsFrom: files.defaults_from,
    handlersFrom: files.handlers_from,
    searchDirs: scope.role ? [dirname(scope.role.path)] : [],
  });
  if (!scope.ctx.importedRoles.includes(role)) scope.ctx.importedRoles.push(role);
  role.importKw ??= kw;
  // Ansible post-validates an import's own options while loading: templated with load-time vars
  const flag = (k: string): boolean => {
    if (!(k in args)) return true;
    const v = loadTimeValue(args[k], scope.ctx, vars, what, posOf(args, k) ?? actionPos);
    const b = boolOf(v);
    if (b === undefined)
      throw new InputError(
        `${what}: the field '${k}' has an invalid value (${String(v)}), and could not be converted to a bool`,
        posOf(args, k) ?? actionPos,
        'give true or false (yes/no, on/off and 1/0 are read as Ansible reads them)',
      );
    return b;
  };
  const key = roleImportKey(role.path, files, kw.vars);
  const duplicates = scope.ctx.roleDuplicates.get(key) ?? { allow: true };
  duplicates.allow = flag('allow_duplicates');
  scope.ctx.roleDuplicates.set(key, duplicates);
  return {
    type: 'block',
    name,
    block: roleBody(role),
    rescue: [],
    always: [],
    kw,
    pos,
    role,
    skipArgumentSpec: !flag('rolespec_validate'),
    roleImport: { key, duplicates },
  };
}

export function includeRole(
  args: Record<string, unknown>,
  kw: Keywords,
  name: string | undefined,
  scope: TaskScope,
  what: string,
  actionPos: SourcePos,
  pos: SourcePos,
): Include {
  const roleName = roleArgs(args, 'include_role', what, actionPos);
  const ctx: LoadContext = scope.ctx;
  if (!isTemplated(roleName)) {
    try {
      findRolePath(ctx, roleName, scope.role ? [dirname(scope.role.path)] : [], actionPos);
      ctx.includedRoleNames.push({ name: roleName, pos: actionPos });
    } catch (e) {
      // Ansible: a failure of this include_role when it runs, which a rescue can handle
      deferProblem(ctx, e);
    }
  }
  return { type: 'include_role', name, args: { ...args }, baseDir: ctx.playbookDir, kw, pos };
}
