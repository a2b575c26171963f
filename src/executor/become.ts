import type { BecomeSpec } from '../connection/types.js';
import type { Templar } from '../template/index.js';
import type { RunRequest } from './api.js';
import type { Scope } from './scope.js';
import { renderedKeyword } from './scope.js';
import type { Task } from '../playbook/types.js';
import { keywordBool } from '../util/ansible-bool.js';
import { endsInSuPrompt } from '../connection/pty-become.js';

/**
 * The become of a task: the host's ansible_become* vars (inventory, vars, -e), else the innermost
 * `become*` keyword (task, block, role, play), else the command line, else the become plugin's
 * settings ([sudo_become_plugin], ANSIBLE_SUDO_*, [privilege_escalation]). undefined when not
 * escalating.
 */
export function resolveBecome(
  req: RunRequest,
  scope: Scope,
  task: Task,
  vars: Record<string, unknown>,
  templar: Templar,
  localUser: string | undefined,
): BecomeSpec | undefined {
  const render = (v: unknown): unknown => templar.template(v, task.pos);
  // Ansible's PlayContext: a connection variable (ansible_become_user, from the inventory, vars
  // or -e) wins over the keyword (become_user) at any level
  const kw = (name: string, varName: string): unknown => {
    if (vars[varName] !== undefined) return render(vars[varName]);
    return renderedKeyword(scope, task, name, render);
  };
  const on = kw('become', 'ansible_become');
  if (!(on === undefined ? req.become : keywordBool('become', on))) return undefined;
  const method = String(kw('become_method', 'ansible_become_method') ?? req.becomeMethod ?? 'sudo');
  if (method !== 'sudo' && method !== 'su')
    throw new Error(`become_method '${method}': fabplay has the sudo and su methods only`);
  const plugin = req.becomePlugins?.[method] ?? {};
  // a plugin option: the last of its variables that is set (the method's own, ansible_sudo_user,
  // is listed after ansible_become_user and so wins), else the keyword
  const option = (keyword: string | undefined, varNames: string[]): unknown => {
    for (const name of [...varNames].reverse()) {
      const v = vars[name] == null ? undefined : render(vars[name]);
      if (v != null) return v;
    }
    return keyword === undefined ? undefined : renderedKeyword(scope, task, keyword, render);
  };
  const user = String(
    option('become_user', ['ansible_become_user', `ansible_${method}_user`]) ??
      req.becomeUser ??
      plugin.user ??
      'root',
  );
  const flags = option('become_flags', ['ansible_become_flags', `ansible_${method}_flags`]) ?? plugin.flags;
  const exe = option('become_exe', ['ansible_become_exe', `ansible_${method}_exe`]) ?? plugin.exe;
  // a local connection already running as the become user: Ansible escalates nothing (no
  // become_exe or flags either) unless become_allow_same_user asks for it
  if (localUser === user && !req.becomeAllowSameUser) return undefined;
  // -K (and become_password_file) reach the plugin as a keyword would: below the variables,
  // over the plugin's password settings
  const password =
    option(undefined, ['ansible_become_password', 'ansible_become_pass', `ansible_${method}_pass`]) ??
    req.becomePassword ??
    plugin.password;
  // su's prompt words: the variable when set (an empty list meaning Ansible's own), else the config
  const prompts =
    method === 'su'
      ? (promptList(option(undefined, ['ansible_su_prompt_l10n'])) ?? plugin.prompts)
      : undefined;
  return {
    method,
    user,
    password: password === undefined ? undefined : String(password),
    flags: flags === undefined ? undefined : String(flags),
    ...(exe === undefined || exe === '' ? {} : { exe: String(exe) }),
    ...(req.becomeAllowSameUser ? { allowSameUser: true } : {}),
    ...(prompts?.length ? { prompts: checkedPrompts(prompts) } : {}),
  };
}

/** ansible_su_prompt_l10n: a list, or text with commas between the words (Ansible's list type). */
function promptList(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  const words = Array.isArray(v) ? v.map(String) : String(v).split(',');
  return words.map((w) => w.trim()).filter(Boolean);
}

/** The words are patterns: a broken one fails the task that would use it, not the channel. */
function checkedPrompts(words: string[]): string[] {
  try {
    endsInSuPrompt('', words);
  } catch (e) {
    throw new Error(
      `su's prompt words (ansible_su_prompt_l10n, localized_prompts) are not patterns: ${(e as Error).message}`,
    );
  }
  return words;
}
