import { Option, type Command } from 'commander';
import { addAlias } from './option-alias.js';
import type { Config } from '../config/index.js';
import { loadVaultSecrets } from '../vault/passwords.js';
import { setVaultIdMatch, type VaultSecret } from '../vault/secrets.js';

/** The vault password flags, as ansible-playbook and ansible-vault spell them. */
export interface VaultFlags {
  vaultId: string[];
  vaultPasswordFile: string[];
  askVaultPass?: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function addVaultOptions(cmd: Command): Command {
  cmd
    .option(
      '--vault-id <label@source>',
      'a vault password: label@FILE, label@SCRIPT or label@prompt (repeatable)',
      collect,
      [],
    )
    .option(
      '--vault-password-file <file>',
      'a file holding the vault password, or an executable printing it (repeatable; also FABPLAY_VAULT_PASSWORD_FILE)',
      collect,
      [],
    )
    .addOption(
      // one or the other, as ansible-playbook's and ansible-vault's argument parsers take them
      new Option(
        '-J, --ask-vault-pass',
        'ask for the vault password (on the terminal, else a line of standard input)',
      ).conflicts('vaultPasswordFile'),
    );
  addAlias(cmd, '--vault-pass-file <file>', 'vaultPasswordFile', true);
  return addAlias(cmd, '--ask-vault-password', 'askVaultPass');
}

/**
 * The vault secrets the flags and the config give, in Ansible's order: [defaults]
 * vault_identity_list, --vault-id, --vault-password-file, then vault_password_file
 * (FABPLAY_VAULT_PASSWORD_FILE), then the prompt.
 */
export function vaultSecretsOf(
  flags: VaultFlags,
  config: Config,
  opts: { autoPrompt?: boolean; newPassword?: boolean } = {},
): VaultSecret[] {
  const configFile = config.vaultPasswordFile?.value;
  // every command that opens vaults comes here for its passwords
  setVaultIdMatch(config.vaultIdMatch?.value ?? false);
  return loadVaultSecrets({
    vaultIds: [...(config.vaultIdentityList?.value ?? []), ...flags.vaultId],
    passwordFiles: [...flags.vaultPasswordFile, ...(configFile ? [configFile] : [])],
    askVaultPass: flags.askVaultPass,
    autoPrompt: opts.autoPrompt,
    newPassword: opts.newPassword,
    warn: (m) => process.stderr.write(`[WARNING]: ${m}\n`),
  });
}
