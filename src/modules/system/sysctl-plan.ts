/** sysctl's thinking, pure: reading and editing a sysctl.conf-style file. */

/** `net/ipv4/ip_forward` and `net.ipv4.ip_forward` are the same key. */
export function normKey(k: string): string {
  return k.trim().replace(/\//g, '.');
}

/** Values compare with whitespace runs collapsed (`4096 87380` vs `4096\t87380`). */
export function normValue(v: string): string {
  return v.trim().split(/\s+/).join(' ');
}

/** The value a sysctl file sets for a key (the last line wins, like sysctl -p). */
export function fileValue(text: string, key: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#') || t.startsWith(';')) continue;
    const i = t.indexOf('=');
    if (i > 0 && normKey(t.slice(0, i)) === normKey(key)) found = normValue(t.slice(i + 1));
  }
  return found;
}

/** The file with the key set to value (first line replaced, later duplicates dropped) or removed. */
export function editSysctl(text: string, key: string, value: string | undefined): string {
  const out: string[] = [];
  let done = false;
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  for (const line of lines) {
    const t = line.trim();
    const i = t.indexOf('=');
    const mine = !t.startsWith('#') && !t.startsWith(';') && i > 0 && normKey(t.slice(0, i)) === normKey(key);
    if (!mine) out.push(line);
    else if (value !== undefined && !done) {
      out.push(`${key}=${value}`);
      done = true;
    }
  }
  if (value !== undefined && !done) out.push(`${key}=${value}`);
  return out.length ? `${out.join('\n')}\n` : '';
}
