import { InputError, type SourcePos } from '../errors.js';
import {
  DEFAULT_VAULT_ID,
  VaultFormatError,
  formatEnvelope,
  isVaultText,
  parseEnvelope,
} from './envelope.js';
import { decryptAes256, encryptAes256, parseVaulttext } from './aes256.js';
import { onRunEnd } from '../util/run-scope.js';

/** A vault password with its label (`--vault-id label@source`; `default` without one). */
export interface VaultSecret {
  id: string;
  password: Buffer;
}

/** A vault that cannot be opened: wrong or missing password, corrupted text. Exit 3. */
export class VaultError extends InputError {
  /** no password of the run opens it (as opposed to a damaged vault): an inline value waits for its use */
  noSecret?: true;
}

/** A VaultError for a vault the run has no password for. */
function noSecret(e: VaultError): VaultError {
  e.noSecret = true;
  return e;
}

/** Where a vault stands, for messages: a file, or a file and line for an inline `!vault` value. */
export interface VaultSource {
  what: string;
  pos?: SourcePos;
  /** a `!vault` value inside a YAML file (Ansible's words for it differ from a vaulted file's) */
  inline?: boolean;
}

/** Ansible's words when no password opens a vault (scripts grep for them) */
const DECRYPTION_FAILED = 'Decryption failed (no vault secrets were found that could decrypt)';

const PASSWORD_HINT =
  'give the password with --vault-password-file FILE, --vault-id label@FILE, --ask-vault-pass or FABPLAY_VAULT_PASSWORD_FILE';

let idMustMatch = false;
onRunEnd(() => (idMustMatch = false));

/** [defaults] vault_id_match (ANSIBLE_VAULT_ID_MATCH): set once for the run, before any vault opens. */
export function setVaultIdMatch(on: boolean): void {
  idMustMatch = on;
}

/**
 * The secrets to try on a vault, as Ansible orders them: those whose label is the vault's own id
 * (`default` for a 1.1 vault, which names none) first, then every other one, unless vault_id_match
 * is on: then only those.
 */
function candidates(secrets: readonly VaultSecret[], vaultId: string | undefined): VaultSecret[] {
  const own = vaultId ?? DEFAULT_VAULT_ID;
  const first = secrets.filter((s) => s.id === own);
  return idMustMatch ? first : [...first, ...secrets.filter((s) => s.id !== own)];
}

function idsOf(secrets: readonly VaultSecret[]): string {
  return secrets.map((s) => `'${s.id}'`).join(', ');
}

/** Decrypt a vault's text with the first secret that opens it; any failure is a VaultError naming the source. */
export function decryptVault(
  text: string,
  secrets: readonly VaultSecret[],
  src: VaultSource,
): { plaintext: Buffer; vaultId: string; secret: VaultSecret } {
  const corrupted = (why: string): VaultError =>
    new VaultError(
      `${src.what} is not a readable vault: ${why}`,
      src.pos,
      'restore the file from a good copy or encrypt it again',
    );
  if (!isVaultText(text)) throw corrupted('it does not start with $ANSIBLE_VAULT');
  let envelope;
  let parsed;
  try {
    envelope = parseEnvelope(text);
    if (envelope.cipher !== 'AES256')
      throw new VaultFormatError(`its cipher ${envelope.cipher} is unknown (only AES256 is)`);
    if (envelope.version !== '1.1' && envelope.version !== '1.2')
      throw new VaultFormatError(`its format version ${envelope.version} is unknown (1.1 and 1.2 are)`);
    parsed = parseVaulttext(envelope.body);
  } catch (e) {
    if (e instanceof VaultFormatError) throw corrupted(e.message);
    throw e;
  }
  const label = envelope.vaultId ? ` (vault id '${envelope.vaultId}')` : '';
  if (secrets.length === 0)
    throw noSecret(
      new VaultError(
        // Ansible's words (a playbook may compare a failed copy's msg with them)
        src.inline
          ? `Attempting to decrypt but no vault secrets found: ${src.what}${label}`
          : `A vault password or secret must be specified to decrypt ${src.what}${label}`,
        src.pos,
        PASSWORD_HINT,
      ),
    );
  const tried = candidates(secrets, envelope.vaultId);
  if (tried.length === 0)
    throw noSecret(
      new VaultError(
        `${DECRYPTION_FAILED} on ${src.what}: no vault password has its vault id '${envelope.vaultId ?? DEFAULT_VAULT_ID}' (vault_id_match is on; the vault ids given: ${idsOf(secrets)})`,
        src.pos,
        `give the password as --vault-id ${envelope.vaultId ?? DEFAULT_VAULT_ID}@FILE, or turn vault_id_match off`,
      ),
    );
  for (const secret of tried) {
    let plaintext;
    try {
      plaintext = decryptAes256(parsed, secret.password);
    } catch (e) {
      if (e instanceof VaultFormatError) throw corrupted(e.message);
      throw e;
    }
    if (plaintext) return { plaintext, vaultId: secret.id, secret };
  }
  throw noSecret(
    new VaultError(
      `${DECRYPTION_FAILED} on ${src.what}${label}: the vault password${tried.length > 1 ? 's' : ''} for vault id ${idsOf(tried)} ${tried.length > 1 ? 'do' : 'does'} not match`,
      src.pos,
      `check the password; ${PASSWORD_HINT}`,
    ),
  );
}

/** The envelope of `plaintext` encrypted with `secret`, labelled with its id (1.2) unless that is `default` (1.1). */
export function encryptVault(plaintext: Buffer | string, secret: VaultSecret, salt?: Buffer): string {
  const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return formatEnvelope(
    encryptAes256(bytes, secret.password, salt),
    secret.id === DEFAULT_VAULT_ID ? undefined : secret.id,
  );
}

/** The secret to encrypt with: the one labelled `encryptId` when given (it must exist), else the first. */
export function secretForEncrypt(secrets: readonly VaultSecret[], encryptId?: string): VaultSecret {
  if (encryptId !== undefined) {
    const s = secrets.find((x) => x.id === encryptId);
    if (!s)
      throw new VaultError(
        `no vault password for --encrypt-vault-id=${encryptId} among the vault ids ${idsOf(secrets) || '(none)'}`,
      );
    return s;
  }
  const first = secrets[0];
  if (!first) throw new VaultError('a vault password is needed to encrypt', undefined, PASSWORD_HINT);
  return first;
}
