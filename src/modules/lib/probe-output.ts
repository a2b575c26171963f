/**
 * Helpers for a module's probe script that reports several things in one round trip: fields
 * separated by NUL bytes (no path, passwd entry or command output of interest holds one), the
 * last of which may be a file's bytes, read to the end.
 */

/** Shell text that sets $bin to the command's path as Ansible's get_bin_path finds it, or prints `N\0paths\0` and exits. */
export function binPathScript(name: string): string {
  // get_bin_path looks in $PATH, then in the sbin directories it lacks
  return `paths=$PATH
for d in /sbin /usr/sbin /usr/local/sbin; do case ":$paths:" in *":$d:"*) ;; *) paths=$paths:$d ;; esac; done
bin=$(PATH=$paths; command -v ${name}) || { printf 'N\\0%s\\0' "$paths"; exit 0; }`;
}

/** Reads NUL-separated fields in turn; rest() gives the bytes left (a file's content). */
export function nulFields(out: Buffer): { next(): string; rest(): Buffer } {
  let at = 0;
  return {
    next() {
      const end = out.indexOf(0, at);
      const stop = end < 0 ? out.length : end;
      const field = out.subarray(at, stop).toString('utf8');
      at = Math.min(out.length, stop + 1);
      return field;
    },
    rest() {
      const r = out.subarray(at);
      at = out.length;
      return r;
    },
  };
}
