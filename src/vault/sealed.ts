import type { SourcePos } from '../errors.js';
import { FilterError } from '../template/errors.js';
import { onRunEnd } from '../util/run-scope.js';

/**
 * An inline `!vault` value none of the run's vault passwords opens (it has none, none of the
 * value's vault id, or none that matches). Ansible keeps every `!vault` value encrypted until it
 * is used, so a playbook runs as long as no task reads such a value; fabplay opens the others when
 * the YAML is read and keeps only these sealed. Reading one fails the task with Ansible's words;
 * the unvault filter (with its own password), tests (`is defined`, `is vault_encrypted`) and
 * type_debug take it as it is (compiler: sealedOk).
 */
export class SealedVault {
  constructor(
    readonly envelope: string,
    readonly pos: SourcePos,
    /** why none of the run's passwords opened it (a VaultError's message, Ansible's words first) */
    readonly why?: string,
  ) {}

  /** Text of it is never made up: code that reads it without the template engine stops here. */
  toString(): string {
    throw new SealedVaultRead(this);
  }

  toJSON(): never {
    throw new SealedVaultRead(this);
  }
}

/**
 * Ansible's AnsibleVaultError words (the task's msg starts with them), then where the value was
 * written and how to give the password.
 */
export class SealedVaultRead extends FilterError {
  constructor(readonly value: SealedVault) {
    super(
      value.why ??
        `Attempting to decrypt but no vault secrets found (the !vault value at ${value.pos.file}:${value.pos.line}; ` +
          'give the password with --vault-password-file FILE, --vault-id label@FILE, --ask-vault-pass or FABPLAY_VAULT_PASSWORD_FILE)',
    );
  }
}

let sealedRead = false;
let permitted = 0;
onRunEnd(() => {
  sealedRead = false;
  permitted = 0;
});

/** True once a sealed value was read from YAML in this run (only then are results checked for one). */
export function sealedValuesExist(): boolean {
  return sealedRead;
}

export function sealVault(envelope: string, pos: SourcePos, why?: string): SealedVault {
  sealedRead = true;
  return new SealedVault(envelope, pos, why);
}

/** Evaluates `fn` (an unvault filter's input ...) with sealed values given as they are. */
export function sealedOk<T>(fn: () => T): T {
  permitted++;
  try {
    return fn();
  } finally {
    permitted--;
  }
}

/** A sealed value read where its plaintext is needed fails, as in Ansible. */
export function checkSealed(v: SealedVault): SealedVault {
  if (permitted === 0) throw new SealedVaultRead(v);
  return v;
}

/** The first sealed value inside a list or dict (or the value itself), if any. */
export function findSealed(v: unknown, depth = 0): SealedVault | undefined {
  if (v instanceof SealedVault) return v;
  if (depth > 64 || typeof v !== 'object' || v === null) return undefined;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const found = findSealed(x, depth + 1);
    if (found) return found;
  }
  return undefined;
}
