// Owner: helper A.
export interface ConfigValue<T> {
  value: T;
  /** 'default', 'env FABPLAY_X', '/path/ansible.cfg [defaults] forks', 'command line' */
  origin: string;
}

export interface Config {
  inventory: ConfigValue<string[]>;
  rolesPath: ConfigValue<string[]>;
  forks: ConfigValue<number>;
  remoteUser: ConfigValue<string | undefined>;
  privateKeyFile: ConfigValue<string | undefined>;
  hostKeyChecking: ConfigValue<'strict' | 'accept-new' | 'off'>;
  timeout: ConfigValue<number>;
  /** [ssh_connection] ssh_args, ssh_common_args */
  sshArgs: ConfigValue<string | undefined>;
  /** the file read, if any */
  file?: string;
}

/** fabplay.cfg or ansible.cfg in cwd, or $FABPLAY_CONFIG (then $ANSIBLE_CONFIG). */
export function loadConfig(_opts: { cwd: string; env: NodeJS.ProcessEnv }): Config {
  throw new Error('loadConfig: not implemented yet');
}
