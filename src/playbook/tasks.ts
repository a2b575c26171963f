import { InputError, type SourcePos, didYouMean, forEachReporting } from '../errors.js';
import { moduleName } from '../modules/catalog.js';
import { copyPos, posOf } from '../yaml/load.js';
import { displayPath, readYaml } from './read-yaml.js';
import { BLOCK_KEYWORDS, loopKeys } from './keywords.js';
import { describeTask, isTemplated, notifyPos, type LoadContext } from './load-context.js';
import { normalizeAction } from './normalize-task.js';
import { checkKeywordTypes, varsMapping } from './schema.js';
import { importRole, importTasks, includeRole, includeTasks } from './imports.js';
import type { Block, RoleInstance, TaskNode } from './types.js';
import { pyStr, truthy } from '../template/python.js';

/**
 * A handler Ansible refuses to load (a nested block, include_role/import_role): in a file a
 * handler includes, Ansible's parser error stops the whole run rather than failing one host.
 */
export class NotAHandlerError extends InputError {}

/** Where a task list comes from: relative imports resolve from baseDir (or the role's tasks/). */
export interface TaskScope {
  ctx: LoadContext;
  file: string;
  baseDir: string;
  role?: RoleInstance;
  handler: boolean;
  /** inside a block of handlers: a block here is an error (Ansible has no block handlers) */
  inHandlerBlock?: boolean;
  /** vars of the enclosing blocks, for templating import names while loading */
  vars?: Record<string, unknown>;
  /** loaded for an include_tasks at run time: a legacy `include:` in it is dynamic too, as in Ansible */
  dynamic?: boolean;
}

/** Loads a list of tasks (a `tasks:` value or a task file's document). */
export function loadTaskList(list: unknown, scope: TaskScope, what: string, at: SourcePos): TaskNode[] {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw new InputError(`${what} must be a list of tasks`, posOf(list) ?? at);
  const nodes: TaskNode[] = [];
  forEachReporting(list, (item, i) => void nodes.push(loadTaskEntry(item, scope, posOf(list, i) ?? at)));
  return nodes;
}

/** Reads a task file; it must hold a list of tasks (an empty file is no tasks). */
export function readTaskFile(file: string, scope: TaskScope, from: SourcePos): TaskNode[] {
  const doc = readYaml(file, from);
  if (doc === null) return [];
  if (!Array.isArray(doc))
    throw new InputError(
      'a task file must be a list of tasks',
      posOf(doc) ?? { file: displayPath(file), line: 1, col: 1 },
      'start each task with `- name: ...`',
    );
  return loadTaskList(doc, { ...scope, file }, displayPath(file), {
    file: displayPath(file),
    line: 1,
    col: 1,
  });
}

function loadTaskEntry(raw: unknown, scope: TaskScope, at: SourcePos): TaskNode {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new InputError(
      `each task must be a mapping, not ${Array.isArray(raw) ? 'a list' : `'${String(raw)}'`}`,
      at,
      'a task looks like `- name: ...` followed by a module, e.g. `command: ls`',
    );
  const task = raw as Record<string, unknown>;
  const pos = posOf(task) ?? at;
  const what = describeTask(task, scope.handler);
  // `name: 1`, `name: 2.0`, `name: true`: Ansible's header shows the action instead
  const untitled = task.name !== undefined && task.name !== null && typeof task.name !== 'string';
  // such a name lists as str(name) when Python finds it true ('True', '2.0'), else as the action
  const untitledName = untitled && truthy(task.name) ? pyStr(task.name) : undefined;
  if ('block' in task) {
    // a block in handlers only groups them; one inside it would be a block handler
    if (scope.handler && scope.inHandlerBlock)
      throw new NotAHandlerError(
        'Using a block as a handler is not supported.',
        pos,
        'list the handlers one by one',
      );
    const block = loadBlock(task, scope, what, pos);
    if ('notify' in task) notifyPos.set(block, posOf(task, 'notify') ?? pos);
    return block;
  }
  for (const k of ['rescue', 'always'])
    if (k in task) throw new InputError(`${what}: '${k}' needs a 'block' beside it`, posOf(task, k) ?? pos);

  const norm = normalizeAction(task, what, scope.handler, pos);
  checkKeywordTypes(task, Object.keys(norm.kw), what, pos);
  if ('args' in norm.kw && typeof norm.kw.args === 'string' && !norm.kw.args.includes('{{'))
    throw new InputError(`${what}: 'args' must be a mapping of module arguments`, posOf(task, 'args') ?? pos);
  const name = untitled
    ? untitledName
    : task.name === undefined || task.name === null
      ? undefined
      : String(task.name);
  const kw = { ...norm.kw };
  copyPos(task, kw);
  delete kw.name;
  if (Array.isArray(kw.vars)) kw.vars = varsMapping(kw.vars);
  if (scope.handler && (norm.action === 'import_role' || norm.action === 'include_role'))
    throw new NotAHandlerError(
      `Using '${norm.action}' as a handler is not supported.`,
      norm.actionPos,
      "notify the role's own handlers, or use include_tasks in the handler",
    );
  // Ansible 2.14: "'module_defaults' is not a valid attribute for a TaskInclude" (IncludeRole)
  if ((norm.action === 'include_tasks' || norm.action === 'include_role') && 'module_defaults' in kw)
    throw new InputError(
      `${what}: 'module_defaults' is not a valid keyword for ${norm.action}`,
      posOf(task, 'module_defaults') ?? pos,
      `put it on a block around the ${norm.action}, or use ${norm.action.replace('include', 'import')}`,
    );
  let node: TaskNode;
  switch (norm.action) {
    case 'import_tasks':
      node = importTasks(norm.args, kw, name, scope, what, norm.actionPos, pos);
      break;
    case 'include_tasks':
      node = includeTasks(norm.args, kw, name, scope, what, norm.actionPos, pos);
      break;
    case 'import_role':
      node = importRole(norm.args, kw, name, scope, what, norm.actionPos, pos);
      break;
    case 'include_role':
      node = includeRole(norm.args, kw, name, scope, what, norm.actionPos, pos);
      break;
    case 'import_playbook':
      throw new InputError(
        `${what}: import_playbook is only allowed as a play of its own, at the top level of a playbook`,
        norm.actionPos,
      );
    case 'include':
      node = legacyInclude(norm.args, kw, name, scope, what, norm.actionPos, pos);
      break;
    default:
      // module arguments are checked by the preflight (src/preflight), before any host is touched
      node = { type: 'task', name, action: norm.action, args: norm.args, kw, pos, actionPos: norm.actionPos };
      if (untitled) node.untitled = true;
      if (scope.handler) node.handler = true;
      if (norm.viaActionKey) node.viaActionKey = true;
  }
  if (norm.written !== undefined && node.type !== 'block') node.shownAction = norm.written;
  if (scope.role && !node.role) node.role = scope.role;
  if ('notify' in kw) notifyPos.set(node, posOf(task, 'notify') ?? pos);
  return node;
}

/**
 * `include: file.yml a=1` (deprecated, still in Ansible 2.14): an import, unless a loop or a
 * templated name makes it an include_tasks; its other key=value words are vars of the tasks.
 */
function legacyInclude(
  args: Record<string, unknown>,
  kw: Record<string, unknown>,
  name: string | undefined,
  scope: TaskScope,
  what: string,
  actionPos: SourcePos,
  pos: SourcePos,
): TaskNode {
  const { file, _raw_params, ...argVars } = args;
  const fileArgs = { file: file ?? _raw_params };
  const dynamic = scope.dynamic || isTemplated(fileArgs.file) || loopKeys(kw).length > 0;
  if (dynamic) {
    const withVars = Object.keys(argVars).length
      ? { ...kw, vars: { ...argVars, ...((kw.vars as object | undefined) ?? {}) } }
      : kw;
    return includeTasks(fileArgs, withVars, name, scope, what, actionPos, pos);
  }
  // Ansible: the k=v arguments are the include's task vars, its `vars:` are include parameters
  const { vars, ...rest } = kw;
  const block = importTasks(fileArgs, { ...rest, vars: argVars }, name, scope, what, actionPos, pos);
  return vars ? { ...block, includeParams: vars as Record<string, unknown> } : block;
}

function loadBlock(task: Record<string, unknown>, scope: TaskScope, what: string, pos: SourcePos): Block {
  const kind = what.replace(/^(task|handler)/, 'block');
  for (const k of Object.keys(task)) {
    if (BLOCK_KEYWORDS.has(k)) continue;
    const kp = posOf(task, k) ?? pos;
    if (moduleName(k) !== undefined)
      throw new InputError(
        `${kind}: a block cannot run a module ('${k}')`,
        kp,
        'put the module in a task inside block:, rescue: or always:',
      );
    const guess = didYouMean(k, BLOCK_KEYWORDS);
    throw new InputError(
      `${kind}: unknown block keyword '${k}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
      kp,
    );
  }
  checkKeywordTypes(task, Object.keys(task), kind, pos);
  const kw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(task))
    if (!['block', 'rescue', 'always', 'name'].includes(k)) kw[k] = k === 'vars' ? varsMapping(v) : v;
  copyPos(task, kw);
  const inner: TaskScope = {
    ...scope,
    inHandlerBlock: scope.handler,
    ...(kw.vars ? { vars: { ...scope.vars, ...(kw.vars as object) } } : {}),
  };
  const part = (k: string): TaskNode[] =>
    loadTaskList(task[k], inner, `${kind}: '${k}'`, posOf(task, k) ?? pos);
  const block: Block = {
    type: 'block',
    name: task.name === undefined || task.name === null ? undefined : String(task.name),
    block: part('block'),
    rescue: part('rescue'),
    always: part('always'),
    kw,
    pos,
  };
  if (scope.role) block.role = scope.role;
  return block;
}
