// The run's privilege escalation settings: command-line flags over [privilege_escalation].
import type { Config } from '../config/index.js';
import type { RunRequest } from '../executor/api.js';

export interface BecomeFlags {
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
}

export type BecomeSettings = Pick<
  RunRequest,
  'become' | 'becomeUser' | 'becomeMethod' | 'becomeExe' | 'becomeFlags' | 'becomeAllowSameUser'
>;

/**
 * What a task escalates with when neither its keywords nor its variables say (executor/become.ts):
 * -b, --become-user and --become-method, else the config (its environment variables over its file),
 * as ansible-playbook takes the config for the defaults of its flags and of the become plugin.
 */
export function becomeSettings(flags: BecomeFlags, config: Config): BecomeSettings {
  return {
    become: !!flags.become || !!config.become?.value,
    becomeUser: flags.becomeUser ?? config.becomeUser?.value,
    becomeMethod: flags.becomeMethod ?? config.becomeMethod?.value,
    becomeExe: config.becomeExe?.value,
    becomeFlags: config.becomeFlags?.value,
    becomeAllowSameUser: !!config.becomeAllowSameUser?.value,
  };
}

/**
 * The question for the become password (-K or become_ask_pass): `BECOME password: `, or the
 * method's name in capitals when agnostic_become_prompt is off; after an SSH password question
 * an empty answer stands for that password, and the question says so (Ansible's wording).
 */
export function becomePasswordQuestion(method: string, agnostic: boolean, afterSshPassword: boolean): string {
  const who = agnostic ? 'BECOME' : method.toUpperCase();
  return `${who} password${afterSshPassword ? '[defaults to SSH password]' : ''}: `;
}
