import { forgetAfterRun } from '../util/run-scope.js';
/**
 * The plaintexts of the inline `!vault` values read in this run. fabplay opens a `!vault` value
 * when the YAML is read (Ansible keeps an encrypted object until it is used), so the
 * `vault_encrypted` test recognises such a value by its text.
 */
const opened = forgetAfterRun(new Set<string>());

export function rememberInlineVault(plaintext: string): void {
  opened.add(plaintext);
}

export function isInlineVaultText(value: unknown): boolean {
  return typeof value === 'string' && opened.has(value);
}
