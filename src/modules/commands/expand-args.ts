import { quote } from '../../util/shell.js';

/**
 * Ansible's command module (2.14) runs each argument through Python's os.path.expandvars and then
 * os.path.expanduser on the host before it runs the program: `$NAME` and `${NAME}` become the
 * value of that environment variable (left as written when it is not set), and a leading `~` or
 * `~user` becomes that home directory. `command: ls ~/.ssh` and `command: echo $HOME` rely on it.
 * fabplay does the same on the host with a small sh script: the values come from the command's
 * own environment (the task's `environment:` and become included), never from the controller.
 */

// Python's _varprog (re.ASCII): $ followed by word characters, or by {anything but }}
const VAR = /\$(\w+|\{[^}]*\})/g;
const SH_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when an argument holds something the host would expand. */
export function needsExpansion(argv: readonly string[]): boolean {
  return argv.some((a) => a.startsWith('~') || /\$(\w|\{[^}]*\})/.test(a));
}

/** sh lines that leave Python's expandvars(arg) in $_w. */
function expandVars(arg: string): string[] {
  const lines = ["_w=''"];
  let at = 0;
  for (const m of arg.matchAll(VAR)) {
    const lit = arg.slice(at, m.index);
    if (lit) lines.push(`_w="$_w"${quote(lit)}`);
    const name = m[1]!.startsWith('{') ? m[1]!.slice(1, -1) : m[1]!;
    // a name sh cannot hold (`${a-b}`, `$1`) is not in the environment a command sees here either
    if (SH_NAME.test(name))
      lines.push(`if [ -n "\${${name}+x}" ]; then _w="$_w\${${name}}"; else _w="$_w"${quote(m[0])}; fi`);
    else lines.push(`_w="$_w"${quote(m[0])}`);
    at = m.index + m[0].length;
  }
  if (at < arg.length) lines.push(`_w="$_w"${quote(arg.slice(at))}`);
  return lines;
}

/**
 * sh lines for Python's expanduser($_w): `~` is $HOME (else the passwd entry of the user),
 * `~user` that user's passwd entry; an unknown user leaves the word as it is. Trailing slashes of
 * the home are dropped, and an empty result is `/`, as in Python.
 */
const EXPAND_USER = [
  'case $_w in "~"*)',
  '  _r=${_w#"~"}; _u=${_r%%/*}; _r=${_r#"$_u"}; _k=',
  '  if [ -z "$_u" ] && [ -n "${HOME+x}" ]; then _h=$HOME; _k=1',
  `  else _e=$(getent passwd "\${_u:-$(id -u)}" 2>/dev/null) && _h=$(printf '%s\\n' "$_e" | cut -d: -f6) && _k=1; fi`,
  '  if [ -n "$_k" ]; then',
  '    while [ "${_h%/}" != "$_h" ]; do _h=${_h%/}; done',
  '    _w=$_h$_r; [ -n "$_w" ] || _w=/',
  '  fi;;',
  'esac',
];

/** What FIND_PROGRAM writes on stderr before the errno. */
export const EXEC_ERRNO = '__FABPLAY_EXEC_ERRNO__';

/**
 * The program's lookup as Python's execvpe does it, before `exec`: a name with a `/` is that file,
 * another is searched in $PATH. A program that cannot be run leaves Python's errno (2: no such
 * file, 13: permission denied, as for a directory) on stderr after EXEC_ERRNO, exit 127.
 */
const FIND_PROGRAM = [
  'case $1 in',
  '*/*) if [ ! -e "$1" ]; then __fp_e=2; elif [ -d "$1" ] || [ ! -x "$1" ]; then __fp_e=13; else __fp_e=0; fi;;',
  '*) __fp_e=2; __fp_ifs=$IFS; IFS=:; set -f',
  '  for __fp_d in $PATH; do',
  '    if [ -f "${__fp_d:-.}/$1" ] && [ -x "${__fp_d:-.}/$1" ]; then __fp_e=0; break',
  '    elif [ -e "${__fp_d:-.}/$1" ]; then __fp_e=13; fi',
  '  done; IFS=$__fp_ifs; set +f;;',
  'esac',
  `if [ "$__fp_e" != 0 ]; then printf '%s %s\\n' ${EXEC_ERRNO} "$__fp_e" >&2; exit 127; fi`,
];

/**
 * The script that runs argv as Ansible's command module runs it: each argument expanded on the host
 * as Python's expandvars and expanduser do, then the program itself by exec, never a shell
 * builtin of the same name (`echo -e`, `printf '\x41'` are coreutils' as in Ansible). In braces:
 * a `cd DIR &&` before it guards the whole script.
 */
export function programScript(argv: readonly string[]): string {
  const lines = ['{', 'set --'];
  for (const arg of argv) {
    if (!needsExpansion([arg])) {
      lines.push(`set -- "$@" ${quote(arg)}`);
      continue;
    }
    // expanduser runs on what expandvars gave (a variable may give a leading ~ too)
    lines.push(...expandVars(arg), ...EXPAND_USER, 'set -- "$@" "$_w"');
  }
  lines.push(...FIND_PROGRAM, 'exec "$@"', '}');
  return lines.join('\n');
}
