/**
 * Facts Ansible does not make variables of (its clean_facts): a module on the host must not set
 * how fabplay connects to it, becomes, or which interpreter it runs. They stay in `ansible_facts`.
 */

/** Ansible's MAGIC_VARIABLE_MAPPING names and COMMON_CONNECTION_VARS (ansible-core 2.14) */
const CONNECTION_VARS = new Set(
  [
    'become become_exe become_flags become_method become_pass become_password become_user',
    'connection connection_user docker_extra_args host module_compression network_os password',
    'pipelining port private_key_file scp_extra_args sftp_extra_args shell_executable shell_type',
    'ssh_common_args ssh_executable ssh_extra_args ssh_host ssh_pass ssh_pipelining ssh_port',
    'ssh_private_key_file ssh_timeout ssh_transfer_method ssh_user timeout user',
  ]
    .join(' ')
    .split(' ')
    .map((n) => `ansible_${n}`),
);

/** RESTRICTED_RESULT_KEYS and INTERNAL_RESULT_KEYS */
const RESULT_KEYS = new Set([
  'ansible_rsync_path',
  'ansible_playbook_python',
  'ansible_facts',
  'add_host',
  'add_group',
]);

/** a connection plugin's own variables (Ansible's connection plugins), a device name excepted */
const PLUGIN_VAR = /^ansible_(?:local|paramiko_ssh|psrp|ssh|winrm)_(?!.*_(?:gw)?bridge$)/;

/** Whether a fact of this variable name is kept out of the variables (the host's ssh keys are not) */
export function isRestrictedFact(name: string): boolean {
  if (name.startsWith('ansible_ssh_host_key_')) return false;
  return (
    CONNECTION_VARS.has(name) ||
    RESULT_KEYS.has(name) ||
    PLUGIN_VAR.test(name) ||
    name.startsWith('ansible_become_') ||
    /^ansible_.*_interpreter$/.test(name)
  );
}
