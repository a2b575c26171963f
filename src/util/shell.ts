/**
 * The one quoting function: every value from a playbook, an inventory or a fact reaches a remote
 * shell only through here.
 */
export function quote(value: string): string {
  if (value === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Build a shell command line from an argument vector. */
export function cmd(argv: readonly string[]): string {
  return argv.map(quote).join(' ');
}
