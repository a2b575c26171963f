/**
 * Finding a program on the host where Ansible's get_bin_path finds it: the directories given
 * first, then PATH, then the sbin directories a login's PATH may lack. For scripts of one probe.
 */

/**
 * Defines `found NAME [FIRST_DIRS]`, which prints `NAME=PATH` for the first executable file of
 * that name. POSIX sh.
 */
export const FIND_BIN_SH = `found() { n=$1; o=$IFS; IFS=:; for d in $2 $PATH /sbin /usr/sbin /usr/local/sbin; do
  if [ -n "$d" ] && [ -f "$d/$n" ] && [ -x "$d/$n" ]; then IFS=$o; echo "$n=$d/$n"; return; fi; done; IFS=$o; }`;

/** `key=value` lines (the first `=` splits) into a map; other lines are left out. */
export function keyValues(out: string): Map<string, string> {
  const kv = new Map<string, string>();
  for (const line of out.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !kv.has(line.slice(0, eq))) kv.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return kv;
}
