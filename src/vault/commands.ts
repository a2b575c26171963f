import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEFAULT_VAULT_ID, isVaultText, parseEnvelope } from './envelope.js';
import { decryptVault, encryptVault, secretForEncrypt, VaultError, type VaultSecret } from './secrets.js';
import { modeOf, readInput, writeOutput } from './files.js';
import { editInTempFile } from './edit.js';
import { UsageError } from '../errors.js';

/**
 * What `fabplay vault encrypt | decrypt | view | create | edit | rekey` do with the secrets they
 * are given, as ansible-vault does: files in place or --output (`-` is stdin/stdout), the same
 * vault id kept when a file is edited, modes kept on rekey and edit.
 */

function inputs(files: string[]): string[] {
  return files.length ? files : ['-'];
}

function shown(file: string): string {
  return file === '-' ? 'stdin' : file;
}

function open(
  file: string,
  secrets: readonly VaultSecret[],
): { plaintext: Buffer; secret: VaultSecret; text: string } {
  const text = readInput(file).toString('utf8');
  if (!isVaultText(text))
    throw new VaultError(`${shown(file)} is not vault-encrypted`, undefined, 'nothing to decrypt');
  return { ...decryptVault(text, secrets, { what: shown(file) }), text };
}

export function encryptFiles(files: string[], secret: VaultSecret, output?: string): void {
  for (const f of inputs(files)) {
    const plain = readInput(f);
    if (isVaultText(plain)) throw new VaultError(`${shown(f)} is already encrypted`);
    writeOutput(output ?? f, encryptVault(plain, secret));
  }
}

export function decryptFiles(files: string[], secrets: readonly VaultSecret[], output?: string): void {
  for (const f of inputs(files)) writeOutput(output ?? f, open(f, secrets).plaintext);
}

/** The plaintexts through $PAGER (less) on a terminal, else on stdout (with a final newline, as Ansible). */
export function viewFiles(files: string[], secrets: readonly VaultSecret[]): void {
  for (const f of files) {
    let text = open(f, secrets).plaintext.toString('utf8');
    if (!text.endsWith('\n')) text += '\n';
    if (!process.stdout.isTTY) {
      process.stdout.write(text);
      continue;
    }
    const pager = process.env.PAGER || 'less';
    const r = spawnSync('sh', ['-c', pager], {
      input: text,
      stdio: ['pipe', 'inherit', 'inherit'],
      env: { LESS: 'FRSX', ...process.env },
    });
    if (r.error) process.stdout.write(text);
  }
}

export async function createFile(file: string, secret: VaultSecret): Promise<void> {
  if (existsSync(file)) throw new VaultError(`${file} exists, please use 'edit' instead`);
  const dir = dirname(file);
  if (!existsSync(dir)) {
    process.stderr.write(`[WARNING]: ${dir} does not exist, creating...\n`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  const text = await editInTempFile(Buffer.alloc(0), file);
  writeOutput(file, encryptVault(text, secret));
}

/** Edit in place; saved (with the secret that opened it, under the file's own vault id) only when changed. */
export async function editFile(file: string, secrets: readonly VaultSecret[]): Promise<void> {
  const real = realpathSync(file);
  const { plaintext, secret, text } = open(real, secrets);
  const edited = await editInTempFile(plaintext, real);
  if (edited.equals(plaintext)) return;
  const fileId = parseEnvelope(text).vaultId ?? DEFAULT_VAULT_ID;
  writeOutput(real, encryptVault(edited, { id: fileId, password: secret.password }), modeOf(real));
}

export function rekeyFiles(files: string[], secrets: readonly VaultSecret[], newSecret: VaultSecret): void {
  for (const f of files) {
    const real = realpathSync(f);
    const { plaintext } = open(real, secrets);
    writeOutput(real, encryptVault(plaintext, newSecret), modeOf(real));
  }
}

/**
 * ansible-vault's choice of the secret to encrypt with: --encrypt-vault-id, else the only one;
 * several without the flag is a usage error (exit 5, Ansible's options error is 5 too).
 */
export function encryptSecret(secrets: readonly VaultSecret[], encryptId?: string): VaultSecret {
  if (encryptId === undefined && secrets.length > 1)
    throw new UsageError(
      `the vault ids ${secrets.map((s) => s.id).join(',')} are available to encrypt`,
      'choose one with --encrypt-vault-id',
    );
  return secretForEncrypt(secrets, encryptId);
}
