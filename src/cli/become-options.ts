// The run's privilege escalation settings: command-line flags over [privilege_escalation].
import type { Config } from '../config/index.js';
import type { BecomePluginSettings, RunRequest } from '../executor/api.js';
import { readPasswordFile } from './password-file.js';

export interface BecomeFlags {
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
}

export type BecomeSettings = Pick<
  RunRequest,
  'become' | 'becomeUser' | 'becomeMethod' | 'becomePlugins' | 'becomeAllowSameUser'
>;

/**
 * What a task escalates with when neither its keywords nor its variables say (executor/become.ts):
 * -b, --become-user and --become-method, else the config (its environment variables over its file),
 * as ansible-playbook takes the config for the defaults of its flags and of the become plugin.
 * --become-user is a keyword's default in Ansible, so it wins over every plugin setting.
 */
export function becomeSettings(flags: BecomeFlags, config: Config): BecomeSettings {
  return {
    become: !!flags.become || !!config.become?.value,
    becomeUser: flags.becomeUser,
    becomeMethod: flags.becomeMethod ?? config.becomeMethod?.value,
    becomePlugins: {
      sudo: pluginSettings(config, 'sudo'),
      su: { ...pluginSettings(config, 'su'), prompts: config.suPrompts?.value ?? [] },
    },
    becomeAllowSameUser: !!config.becomeAllowSameUser?.value,
  };
}

function pluginSettings(config: Config, method: 'sudo' | 'su'): BecomePluginSettings {
  return {
    user: config[`${method}User`]?.value,
    exe: config[`${method}Exe`]?.value,
    flags: config[`${method}Flags`]?.value,
    password: config[`${method}Password`]?.value,
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

/**
 * The become password known without asking: --become-password-file, else become_password_file
 * (ANSIBLE_BECOME_PASSWORD_FILE), else FABPLAY_BECOME_PASSWORD. -K (become_ask_pass) asks instead,
 * as in Ansible, where it wins over the file.
 */
export function givenBecomePassword(
  fileFlag: string | undefined,
  config: Config,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const file = fileFlag ?? config.becomePasswordFile?.value;
  return file === undefined ? env.FABPLAY_BECOME_PASSWORD : readPasswordFile(file, 'become');
}
