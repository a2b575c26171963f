import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, extname } from 'node:path';
import { askHiddenOrStdin } from '../connection/prompt.js';
import { isExecutable } from '../util/executable.js';
import { absolutePath } from '../util/home-path.js';
import { DEFAULT_VAULT_ID, isVaultText } from './envelope.js';
import { decryptVault, VaultError, type VaultSecret } from './secrets.js';
import { inheritedStderr, inheritedStdin } from '../util/run-stdio.js';

/**
 * Vault passwords from where Ansible takes them: `--vault-id label@source` (source a file, an
 * executable, `prompt`), `--vault-password-file`, `--ask-vault-pass`, and the configured
 * vault_identity_list / vault_password_file. Sources are read in Ansible's order (configured
 * identities, --vault-id, password files, then the prompt); a password file may itself be a vault
 * opened with the passwords read before it.
 */

export interface VaultPasswordOptions {
  /** `label@source` or `source`, from --vault-id, after the configured vault_identity_list */
  vaultIds: string[];
  /** --vault-password-file, then FABPLAY_VAULT_PASSWORD_FILE / vault_password_file */
  passwordFiles: string[];
  askVaultPass?: boolean;
  /** ask for a password when no source is given (ansible-vault does; a playbook run does not) */
  autoPrompt?: boolean;
  /** asking for a new password (create, encrypt, rekey): ask twice and compare */
  newPassword?: boolean;
  /** told about a source that failed while another gave a password (Ansible warns too) */
  warn?: (message: string) => void;
}

const CLIENT_UNKNOWN_ID_RC = 2;

function splitVaultId(slug: string): { label: string | undefined; source: string } {
  const at = slug.indexOf('@');
  return at < 0
    ? { label: undefined, source: slug }
    : { label: slug.slice(0, at), source: slug.slice(at + 1) };
}

function nonEmpty(password: Buffer, what: string): Buffer {
  if (password.length === 0) throw new VaultError(`${what} gave an empty vault password`);
  return password;
}

function stripNewlines(b: Buffer): Buffer {
  return Buffer.from(b.toString('latin1').replace(/^[\r\n]+|[\r\n]+$/g, ''), 'latin1');
}

function prompt(label: string, kind: 'prompt' | 'prompt_ask_vault_pass', newPassword: boolean): Buffer {
  const questions =
    kind === 'prompt_ask_vault_pass'
      ? newPassword
        ? ['New Vault password: ', 'Confirm New Vault password: ']
        : ['Vault password: ']
      : newPassword
        ? [`New vault password (${label}): `, `Confirm new vault password (${label}): `]
        : [`Vault password (${label}): `];
  const answers = questions.map((q) => {
    // no terminal: a line of standard input, as Ansible's getpass reads it (`echo pw | ...`)
    const a = askHiddenOrStdin(q);
    if (a === undefined)
      throw new VaultError(
        `the vault password (${label}) was to be asked, but there is no terminal and standard input has ended`,
        undefined,
        'give it on standard input, or use --vault-password-file FILE or --vault-id label@FILE',
      );
    return nonEmpty(Buffer.from(a.trim()), 'the prompt');
  });
  if (answers.some((a) => !a.equals(answers[0]!))) throw new VaultError('the vault passwords do not match');
  return answers[0]!;
}

function runScript(file: string, label: string | undefined): Buffer {
  const client = basename(file, extname(file)).endsWith('-client');
  const args = client && label ? ['--vault-id', label] : [];
  // a plain script's stderr stays on the terminal so it can prompt; a client script's is reported
  const r = spawnSync(file, args, { stdio: [inheritedStdin(), 'pipe', client ? 'pipe' : inheritedStderr()] });
  if (r.error)
    throw new VaultError(
      `cannot run the vault password script ${file}: ${r.error.message}`,
      undefined,
      'if it is not a script, remove its executable bit',
    );
  const err = r.stderr ? r.stderr.toString().trim() : '';
  if (client && r.status === CLIENT_UNKNOWN_ID_RC)
    throw new VaultError(
      `the vault password client script ${file} has no secret for vault id '${label}'${err ? `: ${err}` : ''}`,
    );
  if (r.status !== 0)
    throw new VaultError(
      `the vault password script ${file} exited with ${r.status ?? r.signal}${err ? `: ${err}` : ''}`,
    );
  return nonEmpty(stripNewlines(r.stdout), `the vault password script ${file}`);
}

function readPasswordFile(file: string, known: readonly VaultSecret[]): Buffer {
  let data: Buffer;
  try {
    data = Buffer.from(readFileSync(file).toString('latin1').trim(), 'latin1');
  } catch (e) {
    throw new VaultError(`cannot read the vault password file ${file}: ${(e as Error).message}`);
  }
  if (isVaultText(data))
    data = decryptVault(data.toString('utf8'), known, { what: `the vault password file ${file}` }).plaintext;
  return nonEmpty(stripNewlines(data), `the vault password file ${file}`);
}

function fromSource(label: string | undefined, source: string, known: readonly VaultSecret[]): Buffer {
  // `label@~/file` reaches us unexpanded (the shell expands ~ only at a word's start); Ansible expands it
  const file = absolutePath(source);
  if (!existsSync(file))
    throw new VaultError(
      `the vault password file ${source} was not found`,
      undefined,
      'check the path given to --vault-id or --vault-password-file',
    );
  return isExecutable(file) ? runScript(file, label) : readPasswordFile(file, known);
}

/** The secrets, in the order Ansible tries them. A source that fails is an error unless another gave a password. */
export function loadVaultSecrets(opts: VaultPasswordOptions): VaultSecret[] {
  const slugs = [...opts.vaultIds, ...opts.passwordFiles.map((f) => `${DEFAULT_VAULT_ID}@${f}`)];
  if (opts.askVaultPass || (slugs.length === 0 && opts.autoPrompt))
    slugs.push(`${DEFAULT_VAULT_ID}@prompt_ask_vault_pass`);
  const secrets: VaultSecret[] = [];
  let lastError: unknown;
  for (const slug of slugs) {
    const { label, source } = splitVaultId(slug);
    if (source === 'prompt' || source === 'prompt_ask_vault_pass') {
      const id = label || DEFAULT_VAULT_ID;
      secrets.push({ id, password: prompt(id, source, !!opts.newPassword) });
      continue;
    }
    try {
      secrets.push({ id: label || DEFAULT_VAULT_ID, password: fromSource(label, source, secrets) });
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      opts.warn?.(`vault id ${label ?? DEFAULT_VAULT_ID}: ${e.message}`);
      lastError = e;
    }
  }
  if (lastError && secrets.length === 0) throw lastError;
  return secrets;
}
