import { revealDeep } from '../template/index.js';
import { pyStr, truthy } from '../template/python.js';
import { rawTextArg } from '../playbook/raw-text-arg.js';

// display_args_to_stdout: Ansible's default callback puts a task's arguments, as written (not
// templated), after its name in the banner: ` k=v, k2=v2`, each value as Python's str() prints it.

/** What a banner's task gives: its action and arguments (a pseudo task: facts, role arguments). */
export interface BannerTask {
  type?: string;
  action?: string;
  args?: Record<string, unknown>;
}

/**
 * The banner's argument text: ` k=v, ...` (a lone space without arguments), or '' when the task's
 * no_log (inherited, as written: a template is true) hides them.
 */
export function bannerArgs(task: BannerTask, noLog: unknown): string {
  if (noLogAsWritten(noLog)) return '';
  const args = Object.entries(writtenArgs(task));
  try {
    return ' ' + args.map(([k, v]) => `${k}=${pyStr(revealDeep(v))}`).join(', ');
  } catch {
    // a !vault value no password opened has no text (Ansible's callback fails on it): none shown
    return '';
  }
}

/** Python's bool() of the keyword before templating: a non-empty text is true. */
function noLogAsWritten(v: unknown): boolean {
  return typeof v === 'string' ? v !== '' : truthy(v ?? false);
}

/**
 * The arguments under Ansible's names: its parser keeps free-form text, command's and shell's `cmd`
 * and an include's file as `_raw_params`, last (include_vars' file only when free-form text gave it).
 */
function writtenArgs(task: BannerTask): Record<string, unknown> {
  const args = { ...(task.args ?? {}) };
  const raw =
    RAW_PARAMS_KEY[task.type === 'task' || task.type === undefined ? (task.action ?? '') : task.type] ??
    rawTextArg(task.args ?? {});
  if (raw === undefined || !(raw in args)) return args;
  const text = args[raw];
  delete args[raw];
  return { ...args, _raw_params: text };
}

/** The argument fabplay keeps each module's (or include's) free-form text under. */
const RAW_PARAMS_KEY: Record<string, string> = {
  command: 'cmd',
  shell: 'cmd',
  raw: 'cmd',
  script: 'cmd',
  include_tasks: 'file',
};
