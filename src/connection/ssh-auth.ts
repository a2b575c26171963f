import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { InputError } from '../errors.js';
import { ParsedFiles } from '../util/parsed-files.js';
import { ssh2, type AuthMethod, type ParsedKey } from './ssh2-lib.js';

export interface AuthInput {
  user: string;
  privateKeyFile?: string;
  privateKeyPassphrase?: string;
  password?: string;
  /** an ssh-agent socket; defaults to $SSH_AUTH_SOCK */
  agentSocket?: string;
}

/** Whether a private key file needs a passphrase (so the CLI can ask for one before connecting). */
export function keyNeedsPassphrase(file: string): boolean {
  try {
    return keyFiles.get(file);
  } catch {
    return false;
  }
}

const keyFiles = new ParsedFiles((bytes) => {
  const parsed = ssh2.utils.parseKey(bytes);
  return parsed instanceof Error && /passphrase|encrypted/i.test(parsed.message);
});

const parsedKeys = new Map<string, { data: Buffer; parsed: ReturnType<typeof ssh2.utils.parseKey> }>();

/**
 * A key file's parsed form, kept while the file's bytes stay the same: parsing it (and ssh2
 * parsing it again) for each of a thousand hosts was a tenth of a run's CPU.
 */
function parsedKey(file: string, data: Buffer, passphrase?: string): ParsedKey | ParsedKey[] | Error {
  const id = `${passphrase ?? ''}\0${file}`;
  const hit = parsedKeys.get(id);
  if (hit?.data.equals(data)) return hit.parsed;
  const parsed = ssh2.utils.parseKey(data, passphrase);
  if (!(parsed instanceof Error) && !Array.isArray(parsed)) signWithKeyObject(parsed);
  parsedKeys.set(id, { data, parsed });
  return parsed;
}

/**
 * ssh2 signs with the key's PEM text, which OpenSSL decodes again for every signature (0.4 ms
 * here, against 0.04 ms with a decoded key): the parsed key signs with a decoded key instead.
 */
function signWithKeyObject(key: ParsedKey): void {
  const pem = key.getPrivatePEM?.();
  if (!pem || !key.sign) return;
  const keyObject = createPrivateKey(pem);
  const pemSign = key.sign.bind(key);
  const hashOf = (algo?: string) => (algo ? algo : key.type === 'ssh-ed25519' ? null : undefined);
  key.sign = (data: Buffer, algo?: string) => {
    const hash = hashOf(algo);
    // a key whose default hash ssh2 alone knows (it keeps it private) signs as before
    if (hash === undefined) return pemSign(data, algo);
    try {
      return cryptoSign(hash, data, keyObject);
    } catch (e) {
      return e as Error;
    }
  };
}

/** The key files OpenSSH tries when none is named. */
function defaultKeyFiles(): string[] {
  const dir = `${homedir()}/.ssh`;
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => `${dir}/${n}`).filter((f) => existsSync(f));
}

/**
 * The authentication attempts, in OpenSSH's order: agent keys, the named key file (or the
 * default ones), then the password (as `password` and as `keyboard-interactive`).
 */
export function authMethods(a: AuthInput): { methods: AuthMethod[]; tried: string[] } {
  const methods: AuthMethod[] = [];
  const tried: string[] = [];
  const username = a.user;
  const agent = a.agentSocket ?? process.env.SSH_AUTH_SOCK;
  if (agent && existsSync(agent)) {
    methods.push({ type: 'agent', username, agent });
    tried.push('ssh-agent');
  }
  const files = a.privateKeyFile ? [a.privateKeyFile] : defaultKeyFiles();
  for (const file of files) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (e) {
      if (a.privateKeyFile) {
        throw new InputError(
          `cannot read the private key file ${file}: ${(e as Error).message}`,
          undefined,
          'check ansible_ssh_private_key_file / --private-key',
        );
      }
      continue;
    }
    const parsed = parsedKey(file, data, a.privateKeyPassphrase);
    if (parsed instanceof Error) {
      if (!a.privateKeyFile) continue;
      const encrypted = /passphrase|encrypted|decrypt/i.test(parsed.message);
      throw new InputError(
        encrypted
          ? `private key ${file} is encrypted and ${a.privateKeyPassphrase === undefined ? 'no passphrase was given' : 'the passphrase is wrong'}`
          : `private key ${file} cannot be read: ${parsed.message}`,
        undefined,
        encrypted
          ? 'run on a terminal to be asked for it, or set fabplay_ssh_key_passphrase (e.g. from a vault)'
          : 'use an OpenSSH or PEM private key',
      );
    }
    // the parsed key, not the file: ssh2 would parse it again for every host
    const key = Array.isArray(parsed) ? data : parsed;
    methods.push({ type: 'publickey', username, key, passphrase: a.privateKeyPassphrase });
    tried.push(`publickey (${file})`);
  }
  if (a.password !== undefined) {
    const password = a.password;
    methods.push({ type: 'password', username, password });
    methods.push({
      type: 'keyboard-interactive',
      username,
      prompt: (_n, _i, _l, prompts, finish) => finish(prompts.map(() => password)),
    });
    tried.push('password');
  }
  if (methods.length === 0) methods.push({ type: 'none', username });
  return { methods, tried };
}

/** An ssh2 authHandler walking `methods` in order, skipping what the server does not offer. */
export function authHandler(methods: AuthMethod[]) {
  let i = 0;
  return (left: string[] | null, _partial: boolean | null, next: (m: AuthMethod | false) => void): void => {
    while (i < methods.length) {
      const m = methods[i++]!;
      const wire = m.type === 'agent' ? 'publickey' : m.type;
      if (!left || left.includes(wire) || m.type === 'none') return next(m);
    }
    next(false);
  };
}
