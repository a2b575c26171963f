/**
 * The keywords that say how a host is reached (play, role, block or task level): each stands for a
 * connection variable where the host's variables name none. ansible_user, ansible_port and
 * ansible_connection win over them, and they win over -u and the config ([defaults] remote_user,
 * remote_port), as in Ansible's PlayContext.
 */
const KEYWORD_VARS: [keyword: string, vars: string[]][] = [
  ['remote_user', ['ansible_user', 'ansible_ssh_user']],
  ['port', ['ansible_port', 'ansible_ssh_port']],
  ['connection', ['ansible_connection']],
];

/** `vars` with the connection keywords `valueOf` gives (rendered) where no variable names them. */
export function withConnectionKeywords(
  vars: Record<string, unknown>,
  valueOf: (keyword: string) => unknown,
): Record<string, unknown> {
  let out = vars;
  for (const [keyword, names] of KEYWORD_VARS) {
    if (names.some((n) => named(vars[n]))) continue;
    const v = valueOf(keyword);
    if (!named(v)) continue;
    if (out === vars) out = { ...vars };
    out[names[0]!] = v;
  }
  return out;
}

function named(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}
