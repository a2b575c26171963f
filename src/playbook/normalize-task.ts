import { isTemplated } from './load-context.js';
import { InputError, ParseError, type SourcePos, didYouMean } from '../errors.js';
import { catalogNames, freeFormModule, moduleName } from '../modules/catalog.js';
import { copyPos, posOf } from '../yaml/load.js';
import {
  HANDLER_ONLY_KEYWORDS,
  LOADER_ACTIONS,
  META_ACTIONS,
  TASK_KEYWORDS,
  isWithLookup,
  shortActionName,
} from './keywords.js';
import { freeFormCommand } from './free-form.js';
import { markRawText, rawTextArg } from './raw-text-arg.js';
import { KvError, parseKv, splitArgs } from './kv.js';
import { isAnsibleModuleName } from '../modules/lib/ansible-modules.js';
import { libraryModuleFile } from './library-modules.js';
import { isFilteredModule } from './plugin-filter.js';
import { isBoxedFloat } from '../util/py-float.js';
import { VARIABLE_PARAMS } from './variable-params.js';

/**
 * Finds a task's action the way Ansible's ModuleArgsParser does: one key that is not a keyword
 * (`copy: ...`), or `action:` / `local_action:`; its value is a mapping, `key=value` text, or
 * free-form text (`command: ls -l`). Module names resolve through the registry.
 */

export interface NormalizedAction {
  /** canonical module name, or a loader action (import_tasks, include_role, meta, ...) */
  action: string;
  args: Record<string, unknown>;
  /** the task's keywords (every key but the action) */
  kw: Record<string, unknown>;
  /** where the action key stands */
  actionPos: SourcePos;
  /** given as `action:` or `local_action:` rather than as the module's own key */
  viaActionKey?: true;
  /** the name as written when it is not `action` (`ansible.builtin.copy`): Ansible shows it */
  written?: string;
}

export function isTaskKeyword(key: string, handler: boolean): boolean {
  return TASK_KEYWORDS.has(key) || isWithLookup(key) || (handler && HANDLER_ONLY_KEYWORDS.has(key));
}

/** Short names of every module and loader action, for did-you-mean. */
function knownActionNames(): string[] {
  return [...catalogNames().filter((n) => !n.includes('.')), ...LOADER_ACTIONS];
}

/** fabplay's modules and loader actions, and the modules Ansible would run that fabplay lacks. */
function isKnownAction(name: string): boolean {
  if (isFilteredModule(name)) return false;
  return (
    LOADER_ACTIONS.has(shortActionName(name)) ||
    moduleName(name) !== undefined ||
    isAnsibleModuleName(name) ||
    libraryModuleFile(name) !== undefined
  );
}

/**
 * Canonical name: the registry's name for modules, the short name for loader actions; a module
 * only Ansible has keeps its name (the preflight warns, the task fails if it runs).
 */
function canonical(name: string): string {
  const short = shortActionName(name);
  if (LOADER_ACTIONS.has(short)) return short;
  // a templated name stays as written (see normalizeAction)
  return moduleName(name) ?? name;
}

function unknownActionError(
  key: string,
  what: string,
  pos: SourcePos,
  handler: boolean,
  preferKeyword = false,
): ParseError {
  if (isFilteredModule(key))
    return new ParseError(
      `${what}: couldn't resolve module/action '${key}': the plugin filter (plugin_filters_cfg) rejects it`,
      pos,
      `remove '${key}' from module_blacklist of the plugin filter file, or name it ansible.builtin.${key}`,
    );
  const kws = [...TASK_KEYWORDS, ...(handler ? HANDLER_ONLY_KEYWORDS : [])];
  const asKeyword = didYouMean(key, kws);
  const asModule = didYouMean(key, knownActionNames());
  if (asKeyword && (!asModule || preferKeyword))
    return new ParseError(`${what}: unknown keyword '${key}' (did you mean '${asKeyword}'?)`, pos);
  if (asModule) return new ParseError(`${what}: unknown module '${key}' (did you mean '${asModule}'?)`, pos);
  return new ParseError(
    `${what}: unknown module '${key}'`,
    pos,
    `fabplay's modules: ${catalogNames()
      .filter((n) => !n.includes('.'))
      .sort()
      .join(', ')}`,
  );
}

/** The argument a loader action's free-form text names (`include_tasks: a.yml`). */
/** Modules (besides the free-form ones and includes) whose text Ansible's parser keeps as _raw_params. */
const RAW_PARAM_ACTIONS = new Set(['add_host', 'group_by', 'set_fact']);

const INCLUDE_RAW_KEY: Record<string, string> = {
  import_tasks: 'file',
  include_tasks: 'file',
  import_playbook: 'file',
  include: 'file',
  import_role: 'name',
  include_role: 'name',
};

/** `include_tasks: a.yml`, `include_role: name=x tasks_from=y`, `include: a.yml v=1` (words are the file). */
function includeArgs(text: string, rawKey: string, what: string, pos: SourcePos): Record<string, unknown> {
  try {
    const { args, rest } = parseKv(text);
    const out: Record<string, unknown> = { ...args };
    if (rest.length) out[rawKey] = rest.join(' ');
    return out;
  } catch (e) {
    if (e instanceof KvError) throw new InputError(`${what}: ${e.message}`, pos);
    throw e;
  }
}

/** Parses the value given to an action into arguments. */
function argsFromValue(
  action: string,
  value: unknown,
  what: string,
  pos: SourcePos,
): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Array.isArray(value) && !isBoxedFloat(value)) {
    const copy = { ...(value as Record<string, unknown>) };
    copyPos(value, copy);
    // `command: {_raw_params: ...}`: Ansible's own name for the free-form text, which its
    // free-form modules take as written
    const freeForm = '_raw_params' in copy ? freeFormModule(action)?.freeForm : undefined;
    if (freeForm && !(freeForm in copy)) {
      copy[freeForm] = copy._raw_params;
      delete copy._raw_params;
      return markRawText(copy, freeForm);
    }
    return copy;
  }
  if (
    typeof value !== 'string' &&
    typeof value !== 'number' &&
    typeof value !== 'boolean' &&
    !isBoxedFloat(value)
  )
    throw new InputError(
      `${what}: the arguments of '${action}' must be a mapping or key=value text, not a list`,
      pos,
    );
  const text = String(value);
  if (action === 'meta') return { _raw_params: text.trim() };
  if (INCLUDE_RAW_KEY[action]) return includeArgs(text, INCLUDE_RAW_KEY[action], what, pos);
  const mod = freeFormModule(action);
  try {
    if (mod?.freeForm) {
      const props = Object.keys((mod.schema as { properties?: object }).properties ?? {});
      const keys = new Set(props.filter((k) => k !== mod.freeForm));
      let parsed;
      try {
        parsed = parseKv(text, keys);
      } catch {
        // a shell script may hold a lone quote or `${#x}`: then it is all command text
        return markRawText({ [mod.freeForm]: text.trim() }, mod.freeForm);
      }
      const { args, rest } = parsed;
      const out: Record<string, unknown> = { ...args };
      // command and shell keep the text as written (a script's final newline too); others take the words
      if (rest.length) {
        const command = freeFormCommand(text, keys);
        out[mod.freeForm] = mod.name === 'command' || mod.name === 'shell' ? command : command.trim();
        markRawText(out, mod.freeForm);
      }
      return out;
    }
    const mapOnly = mod?.acceptsKeyValue === false;
    const refuseText = (): InputError =>
      new InputError(`${what}: the arguments of '${action}' must be a mapping`, pos);
    if (mapOnly && !isTemplated(text)) throw refuseText();
    const { args, rest } = parseKv(text);
    // a module fabplay lacks, or one whose free-form text Ansible's parser lets through (its
    // RAW_PARAM_MODULES; the task then fails when it runs): the text is kept as Ansible keeps it
    const name = moduleName(action);
    if ((name === undefined || RAW_PARAM_ACTIONS.has(name)) && rest.length)
      return { ...args, _raw_params: rest.join(' ') };
    // free text that is a template (`copy: "{{ copy_args }}"`) gives the arguments when the task
    // runs, as Ansible's _variable_params (executor/task-args.ts)
    if (rest.length && isTemplated(rest.join(' '))) return { ...args, [VARIABLE_PARAMS]: rest.join(' ') };
    if (mapOnly) throw refuseText();
    if (rest.length)
      throw new InputError(
        `${what}: '${action}' takes key=value arguments; '${rest[0]}' is not one`,
        pos,
        `write the arguments as a mapping under '${action}:' or as key=value words`,
      );
    return args;
  } catch (e) {
    if (e instanceof KvError) throw new InputError(`${what}: ${e.message}`, pos);
    throw e;
  }
}

/** `action: copy src=a` / `action: {module: copy, src: a}` -> name and value. */
function splitActionValue(value: unknown, key: string, what: string, pos: SourcePos): [string, unknown] {
  if (typeof value === 'string') {
    const toks = splitArgs(value.trim());
    if (!toks.length) throw new InputError(`${what}: '${key}' is empty; give a module name`, pos);
    const name = toks[0]!;
    return [name, value.trim().slice(name.length).trim()];
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { module, ...rest } = value as Record<string, unknown>;
    if (typeof module !== 'string')
      throw new InputError(`${what}: '${key}' as a mapping needs 'module: NAME'`, pos);
    return [module, rest];
  }
  throw new InputError(`${what}: '${key}' must be a module name with arguments`, pos);
}

/** Detects the action of one task mapping and splits it from the keywords. */
export function normalizeAction(
  raw: Record<string, unknown>,
  what: string,
  handler: boolean,
  fallback: SourcePos,
): NormalizedAction {
  const at = (k: string): SourcePos => posOf(raw, k) ?? fallback;
  const candidates = Object.keys(raw).filter((k) => !isTaskKeyword(k, handler));
  const handlerOnly = candidates.find((k) => HANDLER_ONLY_KEYWORDS.has(k));
  if (handlerOnly)
    throw new InputError(
      `${what}: '${handlerOnly}' is only for handlers`,
      at(handlerOnly),
      'move this task under handlers:',
    );
  const unknown = candidates.filter((k) => !isKnownAction(k));
  if (unknown.length && (candidates.length > 1 || 'action' in raw || 'local_action' in raw))
    throw unknownActionError(unknown[0]!, what, at(unknown[0]!), handler, unknown.length < candidates.length);
  const kw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (isTaskKeyword(k, handler)) kw[k] = v;

  let name: string;
  let value: unknown;
  let actionPos: SourcePos;
  const viaKey = ['action', 'local_action'].filter((k) => k in raw);
  if (viaKey.length > 1 || (viaKey.length && candidates.length)) {
    const all = [...viaKey, ...candidates];
    throw new InputError(
      `${what}: conflicting actions ${all.map((a) => `'${a}'`).join(' and ')}; a task runs one module`,
      at(all[1]!),
    );
  }
  if (viaKey.length) {
    const key = viaKey[0]!;
    actionPos = at(key);
    [name, value] = splitActionValue(raw[key], key, what, actionPos);
    delete kw[key];
    if (key === 'local_action') kw.delegate_to = 'localhost';
    // a templated module name is resolved (and fails, if unknown) only when the task runs
    if (!isKnownAction(name) && !isTemplated(name)) throw unknownActionError(name, what, actionPos, handler);
  } else if (candidates.length === 1) {
    name = candidates[0]!;
    if (!isKnownAction(name)) throw unknownActionError(name, what, at(name), handler);
    value = raw[name];
    actionPos = at(name);
  } else if (candidates.length === 0) {
    throw new InputError(
      `${what}: no module given`,
      fallback,
      'a task needs one module key, e.g. `command: ls` or `copy: {src: a, dest: /b}`',
    );
  } else {
    throw new InputError(
      `${what}: conflicting actions ${candidates.map((a) => `'${a}'`).join(' and ')}; a task runs one module`,
      at(candidates[1]!),
      'split this into one task per module',
    );
  }
  const action = canonical(name);
  let args = argsFromValue(action, value, what, actionPos);
  // a list (or anything but a mapping) stays a keyword: checkKeywordTypes names it at its file:line:col
  if ('args' in kw && kw.args && typeof kw.args === 'object' && !Array.isArray(kw.args)) {
    // module-line arguments win over args:, as in Ansible
    const raw = rawTextArg(args);
    args = { ...(kw.args as Record<string, unknown>), ...args };
    if (raw) markRawText(args, raw);
    delete kw.args;
  }
  if (action === 'meta') checkMeta(args, what, actionPos);
  if (isTemplated(name) && args._raw_params !== undefined && args._raw_params !== '')
    throw new ParseError(
      `${what}: this task '${name}' has extra params ('${String(args._raw_params)}'); a module named by a template takes no free-form text`,
      actionPos,
      'give its arguments as key=value words or as a mapping',
    );
  return {
    action,
    args,
    kw,
    actionPos,
    ...(viaKey.length ? { viaActionKey: true as const } : {}),
    ...(name !== action ? { written: name } : {}),
  };
}

function checkMeta(args: Record<string, unknown>, what: string, pos: SourcePos): void {
  const v = String(args._raw_params ?? '');
  if (v.includes('{{')) return;
  if (!META_ACTIONS.has(v)) {
    const guess = didYouMean(v, META_ACTIONS);
    throw new InputError(
      `${what}: unknown meta action '${v}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
      pos,
      guess ? undefined : `meta takes one of: ${[...META_ACTIONS].join(', ')}`,
    );
  }
}
