import { userInfo } from 'node:os';

/**
 * The user a local connection runs as, by name, as Ansible's local connection takes it
 * (Python's getpass.getuser: $LOGNAME, $USER, $LNAME, $USERNAME, then the password database).
 * Becoming this user escalates nothing unless become_allow_same_user says so.
 */
export function controllerUser(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of ['LOGNAME', 'USER', 'LNAME', 'USERNAME']) {
    const v = env[name];
    if (v) return v;
  }
  return userInfo().username;
}
