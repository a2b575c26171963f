import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, type SourcePos, didYouMean, forEachReporting } from '../errors.js';
import { moduleName } from '../modules/catalog.js';
import { copyPos, posOf } from '../yaml/load.js';
import { displayPath, readYaml } from './read-yaml.js';
import { checkNotifies } from './handlers-check.js';
import { PLAY_KEYWORDS, ROLE_ENTRY_KEYWORDS, shortActionName } from './keywords.js';
import { isTemplated, loadTimeName, newContext, type LoadContext } from './load-context.js';
import { addLibraryDir } from './library-modules.js';
import { loadRoleInstance, splitRoleEntry } from './roles.js';
import { checkKeywordTypes, varsMapping } from './schema.js';
import { loadTaskList, type TaskScope } from './tasks.js';
import type { Play, RoleInstance, TaskNode } from './types.js';
import { loadPlayVarsFile } from './vars-files.js';
import { loadVarsPrompt } from './vars-prompt.js';
import { combineInto } from '../vars/hash-behaviour.js';
import { pyStr } from '../template/python.js';
import { varsFileCandidates, varsFilePath } from './vars-file-path.js';

/** Plays of a playbook file, with import_playbook entries replaced by the plays they import. */
/** What loading needs besides the file: role search paths, -e values, vars an import_playbook gives. */
export interface PlaysOptions {
  rolesPath: string[];
  extraVars: Record<string, unknown>;
  importVars?: Record<string, unknown>;
  allowMissingHandlers?: boolean;
}

export function loadPlays(file: string, opts: PlaysOptions, stack: string[] = [], from?: SourcePos): Play[] {
  if (stack.includes(file))
    throw new InputError(`import_playbook cycle: ${[...stack, file].map(displayPath).join(' -> ')}`, from);
  // Ansible's loader adds the library/ beside each playbook it reads to its module search
  addLibraryDir(join(dirname(file), 'library'));
  const doc = readYaml(file, from);
  const top = { file: displayPath(file), line: 1, col: 1 };
  if (doc === null)
    throw new InputError('the playbook is empty', top, 'a playbook is a list of plays: `- hosts: all`');
  if (!Array.isArray(doc))
    throw new InputError(
      'a playbook must be a list of plays',
      posOf(doc) ?? top,
      'start each play with `- hosts: PATTERN` (a file of tasks is imported with import_tasks)',
    );
  const plays: Play[] = [];
  forEachReporting(doc, (entry, i) => {
    const at = posOf(doc, i) ?? top;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new InputError(`each play must be a mapping, not ${JSON.stringify(entry)}`, at);
    const raw = entry as Record<string, unknown>;
    const importKey = Object.keys(raw).find((k) => shortActionName(k) === 'import_playbook');
    if (importKey) plays.push(...importPlaybook(raw, importKey, file, opts, stack));
    else plays.push(loadPlay(raw, file, opts, at));
  });
  return plays;
}

function importPlaybook(
  raw: Record<string, unknown>,
  key: string,
  file: string,
  opts: PlaysOptions,
  stack: string[],
): Play[] {
  const pos = posOf(raw, key)!;
  for (const k of Object.keys(raw))
    if (![key, 'name', 'vars', 'tags', 'when'].includes(k))
      throw new InputError(
        `import_playbook: unknown keyword '${k}'`,
        posOf(raw, k) ?? pos,
        'import_playbook takes vars, tags and when',
      );
  checkKeywordTypes(raw, ['vars', 'tags', 'when'], 'import_playbook', pos);
  const target = raw[key];
  if (typeof target !== 'string' || !target.trim())
    throw new InputError('import_playbook needs a playbook file name', pos);
  const vars = { ...opts.importVars, ...varsMapping(raw.vars) };
  const ctx = newContext(opts.rolesPath, dirname(file), vars, opts.extraVars);
  const name = loadTimeName(target.trim(), ctx, {}, 'import_playbook', pos);
  const path = resolve(dirname(file), name);
  if (!existsSync(path)) throw new InputError(`playbook not found: ${name}`, pos, `looked for ${path}`);
  const plays = loadPlays(path, { ...opts, importVars: vars }, [...stack, file], pos);
  for (const p of plays) {
    p.vars = { ...vars, ...p.vars };
    if (raw.tags !== undefined) p.kw.tags = [...listOf(raw.tags), ...listOf(p.kw.tags)];
    // a play has no `when`: the executor applies it to every task of the play, as Ansible does
    if (raw.when !== undefined) p.kw.when = [...listOf(raw.when), ...listOf(p.kw.when)];
  }
  return plays;
}

function listOf(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function checkPlayKeys(raw: Record<string, unknown>, what: string, pos: SourcePos): void {
  for (const k of Object.keys(raw)) {
    if (PLAY_KEYWORDS.has(k)) continue;
    const kp = posOf(raw, k) ?? pos;
    if (moduleName(k) !== undefined)
      throw new InputError(
        `${what}: '${k}' is a module, not a play keyword`,
        kp,
        'put it in a task under tasks:',
      );
    const guess = didYouMean(k, PLAY_KEYWORDS);
    // Ansible's wording; `include` of a playbook became import_playbook
    throw new InputError(
      `${what}: '${k}' is not a valid attribute for a Play${guess ? ` (did you mean '${guess}'?)` : ''}`,
      kp,
      k === 'include'
        ? 'a playbook is included with `- import_playbook: file.yml`'
        : guess
          ? undefined
          : 'see "Playbook Keywords" in the Ansible docs',
    );
  }
  if (!('hosts' in raw) || raw.hosts === null || raw.hosts === '')
    throw new InputError(
      `${what}: no 'hosts'`,
      pos,
      'every play needs `hosts: PATTERN` (e.g. all, a group, a host)',
    );
}

function resolveVarsFiles(
  raw: Record<string, unknown>,
  dir: string,
  what: string,
  pos: SourcePos,
): { paths: Array<string | string[]>; positions: SourcePos[]; data: Record<string, unknown> } {
  const list = raw.vars_files === undefined || raw.vars_files === null ? [] : listOf(raw.vars_files);
  const at = (i: number): SourcePos => posOf(raw.vars_files, i) ?? posOf(raw, 'vars_files') ?? pos;
  // what the files without templates in their names hold: known while loading
  const data: Record<string, unknown> = {};
  // a templated name is resolved once rendered (when the play starts): it may render absolute
  const pathOf = (f: unknown): string => (isTemplated(f) ? String(f) : varsFilePath(dir, String(f)));
  const paths = list.map((item, i) => {
    if (Array.isArray(item)) {
      const paths = item.map(pathOf);
      const first = paths.find((p, j) => !isTemplated(item[j]) && existsSync(p));
      if (first) combineInto(data, loadPlayVarsFile(first, at(i)));
      else if (!item.some(isTemplated))
        throw new InputError(
          `${what}: none of the vars_files alternatives exists: ${item.join(', ')}`,
          at(i),
        );
      return paths;
    }
    const p = pathOf(item);
    if (!isTemplated(item)) {
      if (!existsSync(p))
        throw new InputError(
          `${what}: vars file not found: ${String(item)}`,
          at(i),
          `looked for ${varsFileCandidates(dir, String(item)).join(', ')}`,
        );
      combineInto(data, loadPlayVarsFile(p, at(i)));
    }
    return p;
  });
  return { paths, positions: list.map((_, i) => at(i)), data };
}

const ROLE_NAME_HINT =
  'a role name in roles: is rendered when the playbook loads (with extra vars, play vars and vars_files); use include_role for a name known only at run time';

function loadPlay(raw: Record<string, unknown>, file: string, opts: PlaysOptions, at: SourcePos): Play {
  const pos = posOf(raw) ?? at;
  const hostsText = Array.isArray(raw.hosts) ? raw.hosts.join(',') : String(raw.hosts ?? '');
  // Ansible names a play by its hosts unless its name is true to Python; str() of a name that is
  // no text (`name: true` is the play 'True')
  const named = raw.name !== undefined && raw.name !== null && raw.name !== false && raw.name !== 0;
  const name = named && raw.name !== '' ? pyStr(raw.name) : hostsText;
  const what = `play "${name}"`;
  checkPlayKeys(raw, what, pos);
  checkKeywordTypes(raw, Object.keys(raw), what, pos);
  const playbookDir = dirname(file);
  const varsFiles = resolveVarsFiles(raw, playbookDir, what, pos);
  const playVars = varsMapping(raw.vars);
  const varsPrompt = loadVarsPrompt(raw.vars_prompt, what, posOf(raw, 'vars_prompt') ?? pos);
  const loadVars = { ...opts.importVars, ...playVars, ...varsFiles.data };
  const ctx: LoadContext = newContext(opts.rolesPath, playbookDir, loadVars, opts.extraVars);

  const roles: RoleInstance[] = [];
  const roleList = (raw.roles ?? []) as unknown[];
  const scope: TaskScope = { ctx, file, baseDir: playbookDir, handler: false };
  const lists: Record<string, TaskNode[]> = {};
  // the roles and each task list are loaded even when one of them has a mistake: all are reported
  const parts = ['roles', 'pre_tasks', 'tasks', 'post_tasks', 'handlers'];
  forEachReporting(parts, (k) => {
    if (k !== 'roles') {
      lists[k] = loadTaskList(
        raw[k],
        { ...scope, handler: k === 'handlers' },
        `${what}: '${k}'`,
        posOf(raw, k) ?? pos,
      );
      return;
    }
    forEachReporting(roleList, (entry, i) => {
      const e = splitRoleEntry(entry, ROLE_ENTRY_KEYWORDS, posOf(roleList, i) ?? pos);
      // Ansible renders a role's name with the play's variables when it loads the play
      const name = loadTimeName(e.name, ctx, {}, `${what}: roles`, e.pos, ROLE_NAME_HINT);
      checkKeywordTypes(e.kw, Object.keys(e.kw), `${what}: role '${name}'`, e.pos);
      const role = loadRoleInstance(ctx, name, e.params, e.kw, e.pos);
      if (!roles.includes(role)) roles.push(role);
    });
  });
  const kw: Record<string, unknown> = {};
  const structural = [
    'name',
    'hosts',
    'vars',
    'vars_files',
    'vars_prompt',
    'roles',
    'pre_tasks',
    'tasks',
    'post_tasks',
    'handlers',
  ];
  for (const [k, v] of Object.entries(raw)) if (!structural.includes(k)) kw[k] = v;
  copyPos(raw, kw);

  const play: Play = {
    name,
    hosts: Array.isArray(raw.hosts) ? raw.hosts.map(String) : String(raw.hosts),
    kw,
    vars: playVars,
    varsFiles: varsFiles.paths,
    varsFilesPos: varsFiles.positions,
    roles,
    preTasks: lists.pre_tasks!,
    tasks: lists.tasks!,
    postTasks: lists.post_tasks!,
    handlers: lists.handlers!,
    playbookDir,
    pos,
  };
  if (varsPrompt.length) play.varsPrompt = varsPrompt;
  if (ctx.importedRoles.length) play.importedRoles = ctx.importedRoles;
  if (ctx.deferred.length) play.deferred = ctx.deferred;
  if (!opts.allowMissingHandlers) checkNotifies(play, ctx);
  return play;
}
