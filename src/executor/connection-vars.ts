import { isTemplated } from '../playbook/load-context.js';

/**
 * The host variables a connection is made from (connection/index.ts connectionSpecFor), Ansible's
 * names and fabplay's own.
 */
const CONNECTION_VARS = [
  'ansible_connection',
  'ansible_host',
  'ansible_ssh_host',
  'ansible_port',
  'ansible_ssh_port',
  'ansible_user',
  'ansible_ssh_user',
  'ansible_password',
  'ansible_ssh_pass',
  'ansible_ssh_password',
  'ansible_ssh_private_key_file',
  'ansible_private_key_file',
  'ansible_ssh_private_key_passphrase',
  'ansible_ssh_common_args',
  'ansible_ssh_extra_args',
  'ansible_ssh_args',
  'ansible_ssh_retries',
  'ansible_ssh_timeout',
  'ansible_timeout',
  'ansible_host_key_checking',
  'ansible_ssh_known_hosts_file',
  'ansible_control_path_dir',
  'fabplay_command_timeout',
  'fabplay_host_key_checking',
  'fabplay_jump_host',
  'fabplay_known_hosts',
  'fabplay_ssh_key_passphrase',
];

/**
 * `vars` with the connection variables written as templates rendered (`ansible_host: "{{ net
 * }}.{{ idx }}"`, `ansible_password: "{{ vault_ssh_password }}"`), as Ansible renders a
 * connection's options before it connects. The others are left as they are.
 */
export function renderedConnectionVars(
  vars: Record<string, unknown>,
  render: (v: unknown) => unknown,
): Record<string, unknown> {
  let out = vars;
  for (const name of CONNECTION_VARS) {
    const v = vars[name];
    if (!isTemplated(v)) continue;
    if (out === vars) out = { ...vars };
    out[name] = render(v);
  }
  return out;
}
