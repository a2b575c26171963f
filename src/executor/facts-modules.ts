import type { ModuleResult } from '../modules/types.js';
import { FACTS_GATHERED } from '../facts/names.js';
import { mergeHash } from '../template/filters/dicts.js';
import { pyRepr, truthy } from '../template/python.js';
import { boolOf } from '../util/ansible-bool.js';
import type { ActionInput } from './action.js';

/**
 * gather_facts with the fact modules Ansible's FACTS_MODULES names ([defaults] facts_modules,
 * ANSIBLE_FACTS_MODULES, the `ansible_facts_modules` variable): each module runs, and their
 * facts, warnings and deprecations merge in the list's order (the last wins, dicts merge deeply,
 * lists append without repeats), as Ansible's gather_facts action does. `smart` is setup here
 * (Ansible's connection map names another module only for network devices).
 */

const SETUP_NAMES = new Set(['setup', 'ansible.builtin.setup', 'ansible.legacy.setup']);

/**
 * The fact modules gather_facts runs: `given` (the ansible_facts_modules variable, rendered), else
 * the configured list; undefined when that is setup alone (gather_facts' own gathering).
 */
export function factsModuleList(
  given: unknown,
  configured: readonly string[] = ['smart'],
): string[] | undefined {
  const list =
    given === undefined || given === null
      ? configured
      : Array.isArray(given)
        ? given
        : String(given).split(',');
  const modules = list.map((m) => String(m).trim()).map((m) => (m === 'smart' ? 'ansible.legacy.setup' : m));
  return modules.length === 1 && SETUP_NAMES.has(modules[0]!) ? undefined : modules;
}

/**
 * What gather_facts' options are to a module that is not setup: dropped, with Ansible's warnings
 * (judged on the rendered values); the module gets the rest as written, to render them itself.
 */
function moduleArgs(
  name: string,
  raw: Record<string, unknown>,
  rendered: Record<string, unknown>,
  warnings: string[],
): Record<string, unknown> {
  const out = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'parallel'));
  if (SETUP_NAMES.has(name)) return out;
  const subset = rendered.gather_subset;
  const all = subset === 'all' || (Array.isArray(subset) && subset.length === 1 && subset[0] === 'all');
  if (!all) warnings.push(`Ignoring subset(${pyRepr(subset ?? null)}) for ${name}`);
  for (const [key, word] of [
    ['gather_timeout', 'timeout'],
    ['filter', 'filter'],
  ] as const)
    if (rendered[key] !== undefined && rendered[key] !== null)
      warnings.push(`Ignoring ${word}(${pyRepr(rendered[key])}) for ${name}`);
  delete out.gather_subset;
  delete out.gather_timeout;
  delete out.filter;
  return out;
}

/**
 * Runs each module through `invoke` (the executor's invokeModule for a task of that module) and
 * merges their results. Ansible runs them one after another unless `parallel` (the argument, or
 * ansible_facts_parallel) is false, then all at once; the merge follows the list either way.
 */
export async function gatherWithModules(
  a: ActionInput,
  modules: string[],
  args: { raw: Record<string, unknown>; rendered: Record<string, unknown> },
  invoke: (a: ActionInput) => Promise<ModuleResult>,
): Promise<ModuleResult> {
  // Ansible prints these as the action runs: shown with the task, not part of its result
  const warnings: string[] = a.shownWarnings ?? [];
  const calls = modules.map((name) => ({
    name,
    input: {
      ...a,
      task: {
        ...a.task,
        action: SETUP_NAMES.has(name) ? 'setup' : name,
        shownAction: name,
        args: moduleArgs(name, args.raw, args.rendered, warnings),
      },
    },
  }));
  const parallel = a.vars.ansible_facts_parallel ?? args.rendered.parallel;
  const together = parallel !== undefined && parallel !== null && !boolOf(parallel);
  const results = together
    ? await Promise.all(calls.map((c) => invoke(c.input)))
    : await calls.reduce<Promise<ModuleResult[]>>(
        async (done, c) => [...(await done), await invoke(c.input)],
        Promise.resolve([]),
      );
  let merged: Record<string, unknown> = {
    ansible_facts: {},
    warnings: a.shownWarnings ? [] : warnings,
    deprecations: [],
  };
  const failed: Record<string, ModuleResult> = {};
  const skipped: Record<string, ModuleResult> = {};
  results.forEach((res, i) => {
    const name = modules[i]!;
    // Ansible's gather_facts reads each module's flags as Python would
    if (truthy(res.failed)) failed[name] = res;
    else if (truthy(res.skipped)) skipped[name] = res;
    else
      merged = mergeHash(
        merged,
        {
          ansible_facts: res.ansible_facts ?? {},
          warnings: res.warnings ?? [],
          deprecations: res.deprecations ?? [],
        },
        true,
        'append_rp',
      );
  });
  const out: ModuleResult = { changed: false, ansible_facts: { ...(merged.ansible_facts as object) } };
  for (const k of ['warnings', 'deprecations'] as const)
    if ((merged[k] as unknown[]).length) out[k] = merged[k];
  if (Object.keys(skipped).length) {
    out.msg = `The following modules were skipped: ${Object.keys(skipped).join(', ')}\n`;
    out.skipped_modules = skipped;
    if (Object.keys(skipped).length === modules.length) out.skipped = true;
  }
  if (Object.keys(failed).length) {
    out.failed = true;
    out.msg = `The following modules failed to execute: ${Object.keys(failed).join(', ')}\n`;
    out.failed_modules = failed;
  }
  (out.ansible_facts as Record<string, unknown>)[FACTS_GATHERED] = true;
  return out;
}
