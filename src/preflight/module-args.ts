import { loopKeyword } from '../playbook/keywords.js';
import type { SourcePos } from '../errors.js';
import { isAnsibleOnlyArg } from '../modules/lib/ansible-only-args.js';
import {
  UNKNOWN,
  canonicalArgs,
  checkArgRules,
  type ArgProblem,
  type ArgRules,
} from '../modules/lib/arg-rules.js';
import type { ArgTable } from '../modules/lib/args.js';
import { loadedModule } from '../modules/catalog.js';
import { isTemplated } from '../playbook/load-context.js';
import { VARIABLE_PARAMS } from '../playbook/variable-params.js';
import { libraryModuleFile } from '../playbook/library-modules.js';
import { whyNotRunnable } from '../modules/own/why-not-runnable.js';
import { displayPath } from '../playbook/read-yaml.js';
import { didYouMean } from '../errors.js';
import type { Task } from '../playbook/types.js';
import { posOf } from '../yaml/load.js';
import { checkCondition, checkTemplates } from './expressions.js';
import type { Problems } from './problems.js';
import { checkTemplateFile, findTemplate } from './template-files.js';

/**
 * A task's module arguments against the module's table: names (a typo is an error, an option only
 * Ansible has is a warning), literal values (types, choices, modes) and the rules between them.
 * A templated value counts as given; its value is judged when the task runs.
 */

/** Arguments that modules evaluate as bare expressions themselves. */
const EXPRESSION_ARGS: Record<string, string[]> = { assert: ['that'], debug: ['var'] };

export interface TaskPlace {
  /** `task "name"` for messages */
  what: string;
  /** directories a relative template src is looked up in (role, then playbook) */
  searchDirs: string[];
  /** what module_defaults may give this task's module (module-defaults.ts) */
  defaulted?: Set<string> | 'any';
}

export function checkModuleArgs(task: Task, place: TaskPlace, out: Problems): void {
  // a module named by a template is known only when the task runs: its arguments are its to check
  if (isTemplated(task.action)) return;
  const mod = loadedModule(task.action);
  const at = task.actionPos ?? task.pos;
  const own = libraryModuleFile(task.shownAction ?? task.action);
  // the user's module runs (module-choice.ts): its arguments are its own to check
  const why = own && whyNotRunnable(own);
  if (own && !why) return;
  if (!mod) {
    if (task.action !== 'meta')
      out.warn(
        at,
        own
          ? `${place.what}: '${task.action}' is a module of your own (${displayPath(own)}) fabplay cannot run: ${why}`
          : `${place.what}: fabplay has no module '${task.action}' (Ansible has)`,
        'the task fails if it runs; run this play with ansible-playbook, or do it with a module fabplay has',
      );
    return;
  }
  if (own)
    out.warn(
      at,
      `${place.what}: Ansible runs ${displayPath(own)} for '${task.shownAction ?? task.action}'; ` +
        `fabplay runs its own ${mod.name} module, since it cannot run that file: ${why}`,
      'write the module by its full name to run the same one under both, or rename the file',
    );
  const argPos = (k: string | undefined): SourcePos => (k ? (posOf(task.args, k) ?? at) : at);
  const what = `${place.what}: ${mod.name}`;
  for (const [k, exprs] of Object.entries(EXPRESSION_ARGS))
    if (mod.name === k)
      for (const arg of exprs)
        if (arg in task.args) checkCondition(task.args[arg], argPos(arg), `${k} ${arg}`, out);
  const exprArgs = new Set(EXPRESSION_ARGS[mod.name] ?? []);
  for (const [k, v] of Object.entries(task.args))
    if (!exprArgs.has(k)) checkTemplates(v, argPos(k), `${what} ${k}`, out);

  const names = mod.args
    ? Object.entries(mod.args).flatMap(([k, s]) => [k, ...(s.aliases ?? [])])
    : Object.keys((mod.schema as { properties?: object }).properties ?? {});
  // a module that takes keys of the user's choosing (set_fact's variables) has no unknown argument
  const open = (mod.schema as { additionalProperties?: unknown }).additionalProperties !== false;
  const unknown = open
    ? []
    : mod.args
      ? canonicalArgs(mod.args, task.args).unknown
      : Object.keys(task.args).filter((k) => !k.startsWith('_') && !names.includes(k));
  if (!open)
    for (const k of unknown) {
      if (isAnsibleOnlyArg(mod.name, k)) {
        out.warn(
          argPos(k),
          `${what}: fabplay does not implement argument '${k}' (Ansible's ${mod.name} has it)`,
          'the task fails if it runs; remove the argument or run this play with ansible-playbook',
        );
        continue;
      }
      const guess = didYouMean(k, names);
      out.error(
        argPos(k),
        `${place.what}: module '${mod.name}' has no argument '${k}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
        guess ? `write '${guess}'` : `'${mod.name}' takes: ${names.join(', ')}`,
      );
    }
  // arguments a template gives (`args: "{{ x }}"`, `copy: "{{ x }}"`) are known when the task runs
  if (!mod.args || isTemplated(task.kw.args) || VARIABLE_PARAMS in task.args) return;
  const literal: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(task.args)) literal[k] = isTemplated(v) ? UNKNOWN : v;
  // a misspelt required argument is named once, as the typo
  const required = unknown.length ? [] : (mod.required ?? []);
  for (const { p, byDefaults } of ruleProblems(
    mod.args,
    mod.rules ?? {},
    required,
    literal,
    place.defaulted,
  )) {
    if (byDefaults)
      out.warn(
        argPos(p.arg),
        `${what}: ${p.message} (with the arguments module_defaults give)`,
        'Ansible fails the task when it runs with those defaults',
      );
    else if (p.unsupported) out.warn(argPos(p.arg), `${what}: ${p.message}`, p.hint);
    else out.error(argPos(p.arg), `${what}: ${p.message}`, p.hint);
  }
  if (mod.name === 'template') checkTemplateSrc(task, place, argPos('src'), out);
}

/**
 * The rule problems of a task's literal arguments, judged with what module_defaults may add:
 * a problem those arguments mend (a required one) is gone; one they cause is `byDefaults`, and
 * with defaults from a template (unknown names) only problems of the task's own values stay.
 */
function ruleProblems(
  table: ArgTable,
  rules: ArgRules,
  required: readonly string[],
  literal: Record<string, unknown>,
  defaulted: Set<string> | 'any' | undefined,
): Array<{ p: ArgProblem; byDefaults?: true }> {
  if (defaulted === undefined) return checkArgRules(table, rules, required, literal).map((p) => ({ p }));
  if (defaulted === 'any')
    return checkArgRules(table, rules, [], literal)
      .filter((p) => p.arg !== undefined && p.arg in literal)
      .map((p) => ({ p }));
  const own = new Set(checkArgRules(table, rules, required, literal).map((p) => p.message));
  const merged = { ...Object.fromEntries([...defaulted].map((k) => [k, UNKNOWN])), ...literal };
  return checkArgRules(table, rules, required, merged).map((p) =>
    own.has(p.message) ? { p } : { p, byDefaults: true },
  );
}

function checkTemplateSrc(task: Task, place: TaskPlace, pos: SourcePos, out: Problems): void {
  const src = task.args.src;
  if (typeof src !== 'string' || isTemplated(src) || loops(task)) return;
  const file = findTemplate(src, place.searchDirs);
  if (!file) {
    out.error(
      pos,
      `${place.what}: template '${src}' not found`,
      `looked in ${place.searchDirs.map((d) => `${d}/templates`).join(', ')}`,
    );
    return;
  }
  checkTemplateFile(file, out);
}

/** A task with a loop may name its src through the loop variable: `src: "{{ item }}"` is templated anyway. */
function loops(task: Task): boolean {
  return loopKeyword(task) !== undefined;
}
