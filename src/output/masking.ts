import { isBoxedFloat } from '../util/py-float.js';
import { onRunEnd } from '../util/run-scope.js';

/**
 * Replaces secret values (no_log values, passwords, vault values) wherever they appear in output.
 * One Masker per run is the one place secrets are registered: whatever learns a secret (the
 * CLI's password prompts, the connection pool, become, a module's password argument, and a
 * vault once there is one) adds it, and every output (plain, live, --json, errors) masks with it.
 */
export const MASK = '********';

export class Masker {
  private secrets: string[] = [];

  /** Drops every secret: the CLI's own masker between two runs of one process (src/warm/). */
  forget(): void {
    this.secrets = [];
  }

  /**
   * Remember a value to hide; short values (< 3 chars) would mask too much and are ignored. The
   * forms it takes in output are hidden too: inside a shell-quoted command line (-vvv EXEC lines,
   * a failed command's `cmd`) and inside a JSON string.
   */
  add(value: unknown): void {
    if (value === undefined || value === null) return;
    const s = typeof value === 'string' ? value : typeof value === 'object' ? '' : String(value);
    if (s.length < 3) return;
    const forms = [s, s.replace(/'/g, `'\\''`), JSON.stringify(s).slice(1, -1)];
    for (const f of forms) if (!this.secrets.includes(f)) this.secrets.push(f);
    // longest first, so a secret containing another is hidden whole
    this.secrets.sort((a, b) => b.length - a.length);
  }

  get empty(): boolean {
    return this.secrets.length === 0;
  }

  text(s: string): string {
    let out = s;
    for (const sec of this.secrets) if (out.includes(sec)) out = out.split(sec).join(MASK);
    return out;
  }

  /** A deep copy of a value with every secret replaced. */
  value<T>(v: T): T {
    if (this.secrets.length === 0) return v;
    return this.walk(v, 0) as T;
  }

  private walk(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return this.text(v);
    if (depth > 40 || v === null || typeof v !== 'object' || isBoxedFloat(v)) return v;
    if (Array.isArray(v)) return v.map((x) => this.walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.walk(x, depth + 1);
    return out;
  }
}

/** The secrets of this fabplay process: the CLI feeds it and masks its error messages with it. */
export const cliSecrets = new Masker();
onRunEnd(() => cliSecrets.forget());

/** Variable names whose values are always masked. */
export const SECRET_VAR_NAMES = [
  'ansible_password',
  'ansible_ssh_pass',
  'ansible_ssh_password',
  'ansible_become_password',
  'ansible_become_pass',
  'ansible_sudo_pass',
  'ansible_su_pass',
  'ansible_ssh_private_key_passphrase',
  'fabplay_ssh_key_passphrase',
];

/** Adds the values of the secret variables among `vars`. */
export function addSecretVars(masker: Masker, vars: Record<string, unknown> | undefined): void {
  if (!vars) return;
  for (const k of SECRET_VAR_NAMES) masker.add(vars[k]);
}

/**
 * Module arguments whose values are secrets: of the modules fabplay has, Ansible declares these
 * no_log (user's `password`, uri's and get_url's `url_password` and its alias `password`,
 * yum_repository's `password` and `proxy_password`).
 */
const NO_LOG_ARGS = new Set(['password', 'url_password', 'proxy_password']);

export function isSecretArgName(name: string): boolean {
  return NO_LOG_ARGS.has(name);
}
