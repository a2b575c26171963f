/**
 * The host variables each connection setting is read from, the first one set winning: Ansible's
 * names and fabplay's own. connectionSpecFor reads them; the executor renders those written as
 * templates before it connects (executor/connection-vars.ts).
 */
export const CONNECTION_VARS = {
  connection: ['ansible_connection'],
  address: ['ansible_host', 'ansible_ssh_host'],
  port: ['ansible_port', 'ansible_ssh_port'],
  user: ['ansible_user', 'ansible_ssh_user'],
  password: ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password'],
  privateKeyFile: ['ansible_ssh_private_key_file', 'ansible_private_key_file'],
  privateKeyPassphrase: ['fabplay_ssh_key_passphrase', 'ansible_ssh_private_key_passphrase'],
  sshCommonArgs: ['ansible_ssh_common_args'],
  sshExtraArgs: ['ansible_ssh_extra_args'],
  sshArgs: ['ansible_ssh_args'],
  connectRetries: ['ansible_ssh_retries'],
  connectTimeout: ['ansible_ssh_timeout', 'ansible_timeout'],
  hostKeyChecking: ['fabplay_host_key_checking', 'ansible_host_key_checking'],
  knownHostsFile: ['fabplay_known_hosts', 'ansible_ssh_known_hosts_file'],
  controlPathDir: ['ansible_control_path_dir'],
  commandTimeout: ['fabplay_command_timeout'],
  jumpHost: ['fabplay_jump_host'],
} as const;
