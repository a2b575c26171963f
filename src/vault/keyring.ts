import type * as Secrets from './secrets.js';
import type { VaultSecret, VaultSource } from './secrets.js';
import { requireOwn } from '../util/import-own.js';
import { onRunEnd } from '../util/run-scope.js';

/**
 * The run's vault passwords, set once by the CLI before anything is loaded, and every plaintext
 * opened with them: vault values are secrets, so the run's output masker subscribes to them
 * (onVaultPlaintext) and hides each wherever it would show.
 */

let secrets: VaultSecret[] = [];
const plaintexts = new Set<string>();
const listeners = new Set<(secret: string) => void>();

// each vault text is opened once per set of passwords (PBKDF2 costs ~10 ms a time)
const opened = new Map<string, Buffer>();
onRunEnd(() => {
  secrets = [];
  plaintexts.clear();
  listeners.clear();
  opened.clear();
});

export function setVaultSecrets(list: readonly VaultSecret[]): void {
  secrets = [...list];
  opened.clear();
}

export function vaultSecrets(): readonly VaultSecret[] {
  return secrets;
}

/** Every vault plaintext opened so far (to hide them in an error message). */
export function vaultPlaintexts(): string[] {
  return [...plaintexts];
}

/** Call `fn` with every vault plaintext opened so far and each one opened later; returns the unsubscribe. */
export function onVaultPlaintext(fn: (secret: string) => void): () => void {
  for (const p of plaintexts) fn(p);
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Mark a string from a vault as a secret (a leaf value of a vaulted vars file, a line of a vaulted file). */
export function rememberVaultSecret(text: string): void {
  if (plaintexts.has(text)) return;
  plaintexts.add(text);
  for (const fn of listeners) fn(text);
}

/** Open a vault with the run's passwords; its plaintext becomes a secret to mask. */
export function openVault(text: string, src: VaultSource): Buffer {
  // the cipher code is loaded with the first vault (start-up time of a run without one)
  const plaintext =
    opened.get(text) ??
    requireOwn<typeof Secrets>('./secrets.js', import.meta.url).decryptVault(text, secrets, src).plaintext;
  opened.set(text, plaintext);
  const s = plaintext.toString('utf8');
  rememberVaultSecret(s);
  if (s.trim() !== s) rememberVaultSecret(s.trim());
  return plaintext;
}
