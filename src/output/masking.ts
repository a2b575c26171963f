/** Replaces secret values (no_log values, passwords, vault values) wherever they appear in output. */
export const MASK = '********';

export class Masker {
  private secrets: string[] = [];

  /** Remember a value to hide; short values (< 3 chars) would mask too much and are ignored. */
  add(value: unknown): void {
    if (value === undefined || value === null) return;
    const s = typeof value === 'string' ? value : typeof value === 'object' ? '' : String(value);
    if (s.length < 3 || this.secrets.includes(s)) return;
    this.secrets.push(s);
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
    if (depth > 40 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.walk(x, depth + 1);
    return out;
  }
}

/** Variable names whose values are always masked. */
export const SECRET_VAR_NAMES = [
  'ansible_password',
  'ansible_ssh_pass',
  'ansible_become_password',
  'ansible_become_pass',
  'ansible_ssh_private_key_passphrase',
];
