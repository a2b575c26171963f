/**
 * The `remote_user` keyword (play, role, block or task) is the login user of a host's connection
 * where the host's variables name none: ansible_user / ansible_ssh_user win over it, and it wins
 * over -u and [defaults] remote_user, as in Ansible's PlayContext.
 */
export function withRemoteUser(vars: Record<string, unknown>, remoteUser: unknown): Record<string, unknown> {
  if (!named(remoteUser) || named(vars.ansible_user) || named(vars.ansible_ssh_user)) return vars;
  return { ...vars, ansible_user: String(remoteUser) };
}

function named(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}
