/**
 * The vault envelope as Ansible writes it: a header line `$ANSIBLE_VAULT;1.1;AES256` (or
 * `;1.2;AES256;<vault id>`), then the hexlified vaulttext in lines of 80 characters, ending in a
 * newline.
 */

export const VAULT_HEADER = '$ANSIBLE_VAULT';
const LINE_WIDTH = 80;
/** Ansible's name for a secret given without a label (`--vault-password-file`, `--ask-vault-pass`). */
export const DEFAULT_VAULT_ID = 'default';

/** A vault whose text is not what Ansible writes: corrupted, truncated or not a vault. */
export class VaultFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultFormatError';
  }
}

export interface Envelope {
  version: string;
  cipher: string;
  /** the label of a 1.2 vault; undefined for 1.1 */
  vaultId: string | undefined;
  /** the hexlified vaulttext with the line breaks removed */
  body: string;
}

/** Does this text or byte string start like a vault (ASCII only, as Ansible checks)? */
export function isVaultText(data: string | Buffer): boolean {
  const s = typeof data === 'string' ? data : data.subarray(0, VAULT_HEADER.length).toString('latin1');
  return s.startsWith(VAULT_HEADER);
}

export function parseEnvelope(text: string): Envelope {
  const lines = text.split(/\r\n|\r|\n/);
  const header = lines[0]!.trim().split(';');
  if (header[0] !== VAULT_HEADER) throw new VaultFormatError(`it does not start with ${VAULT_HEADER}`);
  if (header.length < 3) throw new VaultFormatError(`its header line "${lines[0]!.trim()}" is incomplete`);
  const version = header[1]!.trim();
  const cipher = header[2]!.trim();
  const vaultId = header.length >= 4 ? header[3]!.trim() : undefined;
  return { version, cipher, vaultId, body: lines.slice(1).join('') };
}

/** The envelope of a hexlified vaulttext; a label other than `default` makes it format 1.2. */
export function formatEnvelope(body: string, vaultId?: string): string {
  const withId = vaultId !== undefined && vaultId !== '' && vaultId !== DEFAULT_VAULT_ID;
  const header = [VAULT_HEADER, withId ? '1.2' : '1.1', 'AES256', ...(withId ? [vaultId] : [])].join(';');
  const lines = [header];
  for (let i = 0; i < body.length; i += LINE_WIDTH) lines.push(body.slice(i, i + LINE_WIDTH));
  return lines.join('\n') + '\n';
}
