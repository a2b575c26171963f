// ansible-playbook's run flags that take more than a value: the ones refused here, -c (and
// [defaults] transport), and the connection password file.
import type { Config } from '../config/index.js';
import { UsageError } from '../errors.js';
import { cliSecrets } from '../output/masking.js';
import { readPasswordFile } from './password-file.js';
import type { RunFlags } from './run-action.js';

/** ansible-playbook's options that have no meaning here: a run that asks for them stops at once. */
export function refuseUnsupported(flags: RunFlags): void {
  if (flags.step)
    throw new UsageError(
      '--step: fabplay does not ask before each task; use --start-at-task, --tags or --check',
    );
  for (const [given, flag] of [
    [flags.sftpExtraArgs, '--sftp-extra-args'],
    [flags.scpExtraArgs, '--scp-extra-args'],
  ] as const)
    if (given !== undefined)
      throw new UsageError(
        `${flag} '${given}': fabplay moves files over SFTP in its own SSH connection, not with the ` +
          'sftp or scp programs; OpenSSH options (-o ...) go in --ssh-common-args',
      );
}

/**
 * -c, else [defaults] transport: the connection plugin of the hosts that name none. One fabplay
 * lacks is no reason to stop the run: as in Ansible, only the tasks of hosts that use it fail
 * (a host whose inventory says ansible_connection=local never loads it).
 */
export function defaultConnection(flags: RunFlags, config: Config): string | undefined {
  return flags.connection ?? config.transport?.value;
}

/**
 * The SSH password known without asking: --connection-password-file, else connection_password_file
 * (ANSIBLE_CONNECTION_PASSWORD_FILE), else FABPLAY_SSH_PASSWORD; -k asks instead, as in Ansible.
 */
export function givenConnectionPassword(fileFlag: string | undefined, config: Config): string | undefined {
  const file = fileFlag ?? config.connectionPasswordFile?.value;
  if (file === undefined) return process.env.FABPLAY_SSH_PASSWORD;
  const password = readPasswordFile(file, 'connection');
  cliSecrets.add(password);
  return password;
}
