// `fabplay vault ...`: ansible-vault's commands (create, encrypt, decrypt, view, edit, rekey, encrypt_string).
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { addVaultOptions, type VaultFlags } from './vault-options.js';
import type { CommandOutcome } from './main.js';
import type { Config } from '../config/index.js';
import { ExitCode, InputError, UsageError } from '../errors.js';

interface Flags extends VaultFlags {
  output?: string;
  encryptVaultId?: string;
  newVaultId?: string;
  newVaultPasswordFile?: string;
  name: string[];
  stdinName?: string;
  prompt?: boolean;
  showInput?: boolean;
  verbose: number;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];
const count = (_v: string, prev: number): number => prev + 1;

/** ansible-vault's -v: more output (on stderr here, so that view and --output - stay the plaintext). */
function withVerbose(c: Command): Command {
  return c.addOption(
    new Option('-v, --verbose', 'more output: the config file read (-vv ... as in ansible-vault)')
      .argParser(count)
      .default(0),
  );
}

async function secretsFor(flags: Flags, newPassword: boolean) {
  const { loadConfig } = await import('../config/index.js');
  const { vaultSecretsOf } = await import('./vault-options.js');
  for (const id of flags.vaultId)
    if (id.includes(';'))
      throw new UsageError(`'${id}' is not a valid vault id: ';' is not allowed in vault ids`);
  const config = loadConfig({ cwd: process.cwd(), env: process.env });
  if (flags.verbose > 0)
    process.stderr.write(
      config.file ? `Using ${config.file} as config file\n` : 'No config file found; using defaults\n',
    );
  return { config, secrets: vaultSecretsOf(flags, config, { autoPrompt: true, newPassword }) };
}

/** --encrypt-vault-id, else the configured vault_encrypt_identity (ANSIBLE_VAULT_ENCRYPT_IDENTITY), as ansible-vault */
const encryptIdOf = (flags: Flags, config: Config): string | undefined =>
  flags.encryptVaultId || config.vaultEncryptIdentity?.value || undefined;

async function encryptingSecret(flags: Flags) {
  const { encryptSecret } = await import('../vault/commands.js');
  const { config, secrets } = await secretsFor(flags, true);
  return encryptSecret(secrets, encryptIdOf(flags, config));
}

async function readingSecrets(flags: Flags) {
  return (await secretsFor(flags, false)).secrets;
}

async function encryptString(args: string[], flags: Flags): Promise<void> {
  const { encryptStrings, nameArgs } = await import('../vault/encrypt-string.js');
  const { askHiddenOrStdin, askOrStdin } = await import('../connection/prompt.js');
  const { writeOutput } = await import('../vault/files.js');
  const readStdin = args.includes('-') || args.length === 0 || flags.stdinName !== undefined;
  if (flags.prompt && readStdin)
    throw new UsageError('--prompt cannot be used while reading the input from stdin');
  const secret = await encryptingSecret(flags);
  const items = [];
  if (flags.prompt) {
    // as ansible-vault asks (input() and getpass): on the terminal, else lines of stdin
    const name = askOrStdin('Variable name (enter for no name): ') ?? '';
    const text = flags.showInput
      ? askOrStdin('String to encrypt:')
      : askHiddenOrStdin('String to encrypt (hidden): ', 'vault-string');
    if (text === undefined)
      throw new InputError('--prompt: standard input ended before the string to encrypt');
    items.push({ text, from: 'the interactive prompt', name: name || undefined });
  }
  if (readStdin) {
    const text = readFileSync(0, 'utf8');
    if (text === '') throw new UsageError('stdin was empty, not encrypting');
    items.push({ text, from: 'stdin', name: flags.stdinName });
  }
  const warn = (m: string): boolean => process.stderr.write(m + '\n');
  items.push(
    ...nameArgs(
      args.filter((a) => a !== '-'),
      flags.name,
      warn,
    ),
  );
  const out = encryptStrings(items, secret, (m) => process.stderr.write(m));
  writeOutput(flags.output ?? '-', out);
  if (process.stdout.isTTY) process.stderr.write('Encryption successful\n');
}

function fileCommand(parent: Command, name: string, description: string): Command {
  return withVerbose(
    addVaultOptions(
      parent.command(name).description(description).argument('[files...]', 'files (- for stdin)'),
    ),
  );
}

const withOutput = (c: Command): Command =>
  c
    .option('--output <file>', 'write the result here (- for stdout) instead of in place')
    // before any password is asked, as ansible-vault checks it
    .hook('preAction', (cmd) => {
      if (cmd.opts<Flags>().output !== undefined && cmd.args.length > 1)
        throw new UsageError('at most one input file may be used with --output');
    });
const withEncryptId = (c: Command): Command =>
  c.option('--encrypt-vault-id <label>', 'the vault id (of those given) to encrypt with');

export function registerVaultCommand(program: Command): void {
  const vault = program
    .command('vault')
    .description('encrypt and decrypt Ansible Vault files and strings (ansible-vault)');
  const done = (what: string): void => {
    if (process.stdout.isTTY) process.stderr.write(`${what} successful\n`);
  };

  withEncryptId(fileCommand(vault, 'create', 'create a vaulted file in $EDITOR')).action(
    async (files: string[], flags: Flags) => {
      if (files.length !== 1) throw new UsageError('vault create takes exactly one file name');
      const { createFile } = await import('../vault/commands.js');
      await createFile(files[0]!, await encryptingSecret(flags));
    },
  );

  withOutput(withEncryptId(fileCommand(vault, 'encrypt', 'encrypt files in place (or --output)'))).action(
    async (files: string[], flags: Flags) => {
      const { encryptFiles } = await import('../vault/commands.js');
      encryptFiles(files, await encryptingSecret(flags), flags.output);
      done('Encryption');
    },
  );

  withOutput(fileCommand(vault, 'decrypt', 'decrypt files in place (or --output)')).action(
    async (files: string[], flags: Flags) => {
      const { decryptFiles } = await import('../vault/commands.js');
      decryptFiles(files, await readingSecrets(flags), flags.output);
      done('Decryption');
    },
  );

  fileCommand(vault, 'view', 'show the plaintext of vaulted files').action(
    async (files: string[], flags: Flags) => {
      const { viewFiles } = await import('../vault/commands.js');
      viewFiles(files, await readingSecrets(flags));
    },
  );

  fileCommand(vault, 'edit', 'edit a vaulted file in $EDITOR').action(
    async (files: string[], flags: Flags) => {
      const { editFile } = await import('../vault/commands.js');
      const secrets = await readingSecrets(flags);
      for (const f of files) await editFile(f, secrets);
    },
  );

  withEncryptId(fileCommand(vault, 'rekey', 'encrypt vaulted files again with a new password'))
    .option('--new-vault-id <label@source>', 'the new vault id and password source')
    // ansible-vault's argparse refuses the two together before reading anything
    .addOption(
      new Option('--new-vault-password-file <file>', 'the new vault password file').conflicts('newVaultId'),
    )
    .action(async (files: string[], flags: Flags) => {
      const { rekeyFiles } = await import('../vault/commands.js');
      const { secretForEncrypt } = await import('../vault/secrets.js');
      const { config, secrets } = await secretsFor(flags, false);
      const { loadVaultSecrets } = await import('../vault/passwords.js');
      const newSecrets = loadVaultSecrets({
        vaultIds: [
          ...(encryptIdOf(flags, config) ? (config.vaultIdentityList?.value ?? []) : []),
          ...(flags.newVaultId ? [flags.newVaultId] : []),
        ],
        passwordFiles: flags.newVaultPasswordFile ? [flags.newVaultPasswordFile] : [],
        askVaultPass: flags.askVaultPass,
        autoPrompt: true,
        newPassword: true,
      });
      rekeyFiles(files, secrets, secretForEncrypt(newSecrets, encryptIdOf(flags, config)));
      process.stderr.write('Rekey successful\n');
    });

  withOutput(withEncryptId(withVerbose(addVaultOptions(vault.command('encrypt_string')))))
    .description('encrypt strings for a YAML file (`name: !vault |`)')
    .argument('[strings...]', 'strings to encrypt (- or none: read stdin)')
    .option('-p, --prompt', 'ask for the string to encrypt')
    .option('--show-input', 'with --prompt: show the string as it is typed')
    .option('-n, --name <name>', 'the variable name of the next string (repeatable)', collect, [])
    .option('--stdin-name <name>', 'the variable name of the string read from stdin')
    .action((args: string[], flags: Flags) => encryptString(args, flags));
}

/**
 * ansible-vault's exit codes, which scripts check (ansible-core's own tests do): 1 for an error (a
 * vault no password opens, a missing file), 5 for options it refuses once they are parsed
 * (several vault ids to encrypt with, --prompt while reading stdin), 2 for what its argument
 * parser refuses, 250 for an unexpected exception. fabplay's own codes (3 for invalid input, 5
 * for usage) are those of its playbook runs, where 1 would not tell a bad file from a bug.
 */
export function ansibleVaultExitCode({ code, parser }: CommandOutcome): number {
  if (parser) return 2;
  if (code === ExitCode.INVALID_INPUT) return 1;
  if (code === ExitCode.INTERNAL) return 250;
  return code;
}
