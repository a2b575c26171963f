import type * as Secrets from '../../vault/secrets.js';
import { isVaultText } from '../../vault/envelope.js';
import { requireOwn } from '../../util/import-own.js';
import { SealedVault } from '../../vault/sealed.js';
import { FilterError, FilterTypeError } from '../errors.js';
import { splitKwargs } from '../members.js';
import { pyStr, typeName } from '../python.js';
import type { FilterTable } from './types.js';

/**
 * Ansible's vault and unvault filters: a text encrypted with a password given in the template (not
 * the run's vault passwords), labelled `filter_default` unless `vaultid` says otherwise.
 */

const FILTER_VAULT_ID = 'filter_default';

/** the cipher code is loaded by the first use (start-up time of a run without one) */
const secrets = (): typeof Secrets => requireOwn<typeof Secrets>('../../vault/secrets.js', import.meta.url);

function text(value: unknown, problem: string): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  throw new FilterTypeError(`${problem}, instead we got: <class '${typeName(value)}'>`);
}

/** The label of the secret: `vaultid`, a text as Ansible takes it. */
function vaultIdOf(given: unknown): string {
  return given === undefined ? FILTER_VAULT_ID : pyStr(given);
}

export const vaultFilters: FilterTable = {
  vault(data, ...args) {
    const { pos, kw } = splitKwargs(args);
    const password = text(pos[0] ?? kw.secret, 'Secret passed is required to be a string');
    const plaintext = text(data, 'Can only vault strings');
    const salt = pos[1] ?? kw.salt ?? null;
    // Ansible's AES256 takes any salt it is given as bytes; an empty one it refuses
    if (salt !== null && (salt === '' || salt === 0 || salt === false))
      throw new FilterError(
        'Unable to encrypt: Empty or invalid salt passed to encrypt(). Empty or invalid salt passed to encrypt()',
      );
    // wrap_object gives Ansible's AnsibleVaultEncryptedUnicode: fabplay has no such object, its text is the same
    return secrets().encryptVault(
      plaintext,
      { id: vaultIdOf(pos[2] ?? kw.vaultid), password: Buffer.from(password, 'utf8') },
      salt === null ? undefined : Buffer.from(pyStr(salt), 'utf8'),
    );
  },
  unvault(vault, ...args) {
    const { pos, kw } = splitKwargs(args);
    const password = text(pos[0] ?? kw.secret, 'Secret passed is required to be as string');
    // a !vault value the run had no password for: opened with this one
    const given =
      vault instanceof SealedVault ? vault.envelope : text(vault, 'Vault should be in the form of a string');
    // a text that is no vault (an inline !vault value fabplay opened when it read it) is given back
    if (!isVaultText(given)) return given;
    const secret = { id: vaultIdOf(pos[1] ?? kw.vaultid), password: Buffer.from(password, 'utf8') };
    try {
      return secrets()
        .decryptVault(given, [secret], { what: 'the vault given to unvault' })
        .plaintext.toString('utf8');
    } catch (e) {
      throw new FilterError(`Unable to decrypt: ${(e as Error).message}`);
    }
  },
};
