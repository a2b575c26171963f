import type { BecomeSpec } from '../connection/types.js';
import type { Templar } from '../template/index.js';
import type { RunRequest } from './api.js';
import type { Scope } from './scope.js';
import { renderedKeyword } from './scope.js';
import type { Task } from '../playbook/types.js';
import { keywordBool } from '../util/ansible-bool.js';

/**
 * The become of a task: the host's ansible_become* vars (inventory, vars, -e), else the innermost
 * `become*` keyword (task, block, role, play), else the command line. undefined when not escalating.
 */
export function resolveBecome(
  req: RunRequest,
  scope: Scope,
  task: Task,
  vars: Record<string, unknown>,
  templar: Templar,
  localUser: string | undefined,
): BecomeSpec | undefined {
  // Ansible's PlayContext: a connection variable (ansible_become_user, from the inventory, vars
  // or -e) wins over the keyword (become_user) at any level
  const kw = (name: string, varName: string): unknown => {
    if (vars[varName] !== undefined) return templar.template(vars[varName], task.pos);
    return renderedKeyword(scope, task, name, (v) => templar.template(v, task.pos));
  };
  const on = kw('become', 'ansible_become');
  if (!(on === undefined ? req.become : keywordBool('become', on))) return undefined;
  const user = String(kw('become_user', 'ansible_become_user') ?? req.becomeUser ?? 'root');
  const method = String(kw('become_method', 'ansible_become_method') ?? req.becomeMethod ?? 'sudo');
  if (method !== 'sudo' && method !== 'su')
    throw new Error(`become_method '${method}': fabplay has the sudo and su methods only`);
  // below the keyword and the variables: [privilege_escalation] become_flags and become_exe
  const flags = kw('become_flags', 'ansible_become_flags') ?? req.becomeFlags;
  // the method's own variable (ansible_sudo_exe, ansible_su_exe) wins over ansible_become_exe, as
  // in Ansible's become plugins (the last variable they list)
  const ownExeVar = `ansible_${method}_exe`;
  const exe =
    kw('become_exe', vars[ownExeVar] !== undefined ? ownExeVar : 'ansible_become_exe') ?? req.becomeExe;
  // a local connection already running as the become user: Ansible escalates nothing (no
  // become_exe or flags either) unless become_allow_same_user asks for it
  if (localUser === user && !req.becomeAllowSameUser) return undefined;
  const password =
    vars.ansible_become_password ?? vars.ansible_become_pass ?? (req.becomePassword as string | undefined);
  return {
    method,
    user,
    password: password === undefined ? undefined : String(templar.template(password)),
    flags: flags === undefined ? undefined : String(flags),
    ...(exe === undefined || exe === '' ? {} : { exe: String(exe) }),
    ...(req.becomeAllowSameUser ? { allowSameUser: true } : {}),
  };
}
