/**
 * What a connection plugin's name (ansible_connection, the `connection` keyword, -c, [defaults]
 * transport) stands for here: Ansible's ssh, smart and paramiko reach a host over SSH, local runs
 * on the controller (also by their ansible.builtin / ansible.legacy names); undefined for any other.
 */
export function connectionKind(name: string): 'ssh' | 'local' | undefined {
  const short = shortConnectionName(name);
  if (short === 'local') return 'local';
  return ['ssh', 'smart', 'paramiko', 'paramiko_ssh'].includes(short) ? 'ssh' : undefined;
}

/** A connection plugin's name without Ansible's own collection prefixes (ansible.builtin, ansible.legacy). */
export function shortConnectionName(name: string): string {
  return name.replace(/^ansible\.(?:builtin|legacy)\./, '');
}
