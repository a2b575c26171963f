import { openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { VAULT_HEADER, isVaultText } from './envelope.js';
import { openVault, rememberVaultSecret } from './keyring.js';

/**
 * A file on the controller that may be a whole-file vault (the src of copy or template): opened
 * in memory, never written out in clear; each line of it becomes a secret too, since a diff shows
 * a file a line at a time.
 */

/** Does the file start with the vault header? (reads only the header's bytes) */
export function isVaultFile(path: string): boolean {
  const buf = Buffer.alloc(VAULT_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, buf, 0, buf.length, 0) === buf.length && isVaultText(buf);
  } finally {
    closeSync(fd);
  }
}

/** The plaintext of a vaulted file; a wrong password or a corrupted file is a VaultError naming it. */
export function openVaultedFile(path: string, shownAs: string = path): Buffer {
  const plain = openVault(readFileSync(path, 'latin1'), {
    what: shownAs,
    pos: { file: shownAs, line: 1, col: 1 },
  });
  for (const line of plain.toString('utf8').split('\n')) if (line.trim()) rememberVaultSecret(line.trim());
  return plain;
}
