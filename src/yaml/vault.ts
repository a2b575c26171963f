import * as yaml from 'js-yaml';
import type { SourcePos } from '../errors.js';
import { isVaultText } from '../vault/envelope.js';
import { openVault, rememberVaultSecret, vaultSecrets } from '../vault/keyring.js';
import { sealVault, type SealedVault } from '../vault/sealed.js';
import { rememberInlineVault } from '../vault/inline-values.js';

/**
 * Vault in YAML, as Ansible reads it: a whole file encrypted (opened before parsing, and every
 * string in it a secret), and inline `!vault |` scalars (each opened before the document is
 * built, so a wrong or missing password names the file and line before anything runs).
 */

export const VAULT_TAG = '!vault';

/** The text of a file that may be a whole-file vault: its plaintext when it is one. */
export function openVaultFile(text: string, file: string): { text: string; vaulted: boolean } {
  if (!isVaultText(text)) return { text, vaulted: false };
  const plain = openVault(text, { what: file, pos: { file, line: 1, col: 1 } });
  return { text: plain.toString('utf8'), vaulted: true };
}

/** Every string in data parsed from a vaulted file is a secret to mask. */
export function rememberStrings(value: unknown, depth = 0): void {
  if (typeof value === 'string') rememberVaultSecret(value);
  else if (value !== null && typeof value === 'object' && depth < 50)
    for (const v of Object.values(value)) rememberStrings(v, depth + 1);
}

/**
 * The plaintext of each `!vault` scalar among the events, by its ciphertext; one no password of
 * the run opens is kept sealed (vault/sealed.ts), as Ansible opens one only when it is used.
 */
export function openInlineVaults(
  events: yaml.Event[],
  text: string,
  at: (offset: number) => SourcePos,
): Map<string, string | SealedVault> {
  const opened = new Map<string, string | SealedVault>();
  for (const ev of events) {
    if (ev.type !== yaml.EVENT_ID.SCALAR || ev.tagStart < 0) continue;
    if (text.slice(ev.tagStart, ev.tagEnd) !== VAULT_TAG) continue;
    const source = yaml.getScalarValue(text, ev);
    if (opened.has(source)) continue;
    const pos = at(ev.tagStart);
    if (vaultSecrets().length === 0) {
      opened.set(source, sealVault(source, pos));
      continue;
    }
    const what = `the !vault value at ${pos.file}:${pos.line}`;
    let plain: string;
    try {
      plain = openVault(source, { what, pos, inline: true }).toString('utf8');
    } catch (e) {
      // a value for another vault id (or password): it waits for its use, as in Ansible; a
      // damaged vault stops the load
      if (!(e as { noSecret?: boolean }).noSecret) throw e;
      opened.set(source, sealVault(source, pos, (e as Error).message));
      continue;
    }
    rememberInlineVault(plain);
    opened.set(source, plain);
  }
  return opened;
}

/** The `!vault` tag: the value opened beforehand by openInlineVaults. */
export function vaultTag(opened: () => Map<string, string | SealedVault>): yaml.TagDefinition {
  return yaml.defineScalarTag(VAULT_TAG, {
    resolve: (source) => opened().get(source) ?? yaml.NOT_RESOLVED,
    identify: () => false,
  });
}
