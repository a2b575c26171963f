import { quote } from '../util/shell.js';
import { parseIni } from './ini.js';
import { pyOSError } from '../modules/lib/py-errno.js';

/**
 * Custom facts, as Ansible's setup module reads them (module_utils/facts/system/local.py): every
 * `*.fact` file in fact_path becomes `ansible_local[<name without .fact>]`; an executable one is run
 * and its stdout read; the text is JSON, else INI; what fails to load becomes a message in its place.
 */

export const DEFAULT_FACT_PATH = '/etc/ansible/facts.d';

/**
 * The script section that reports the files, one line each, binary-safe (base64):
 * `f NAME CONTENT` for a plain file; `x NAME RC STDOUT` then `e STDERR` for an executable one;
 * `s NAME STAT_ERROR` for one that cannot be stat'ed (a dangling symlink, which glob lists).
 * A host without the directory runs no process for it.
 */
export function localFactsScript(factPath: string): string {
  return `
sec local
b64() { printf '%s' "$1" | base64 | tr -d '\\n'; }
for f in ${quote(factPath)}/*.fact; do
  n=$(b64 "\${f##*/}")
  if [ ! -e "$f" ]; then
    # a dangling symlink (or none at all: the pattern matched nothing)
    [ -L "$f" ] && printf 's %s %s\\n' "$n" "$(b64 "$(stat -L -- "$f" 2>&1 >/dev/null)")"
    continue
  fi
  if [ -x "$f" ]; then
    exec 4>&1
    e=$(exec 3>&1; o=$("$f" 2>&3 </dev/null; printf '.%d' $?); printf 'x %s %s %s\\n' "$n" "\${o##*.}" "$(b64 "\${o%.*}")" >&4; printf .)
    exec 4>&-
    printf 'e %s\\n' "$(b64 "\${e%.}")"
  else
    printf 'f %s %s\\n' "$n" "$(base64 < "$f" 2>/dev/null | tr -d '\\n')"
  fi
done
`;
}

/**
 * `ansible_local` from the lines of the `local` section; warnings as Ansible's module.warn gives
 * them. `local` is undefined when a value's `%(...)s` interpolation fails: Ansible 2.14 raises
 * that outside its own error handling and the whole collector is dropped.
 */
export function localFacts(
  lines: string[],
  factPath: string,
): { local?: Record<string, unknown>; warnings: string[] } {
  const local: Record<string, unknown> = {};
  const warnings: string[] = [];
  const files: { file: string; rc: number; out: Buffer; err: string; run: boolean; stat?: string }[] = [];
  for (const line of lines) {
    const [kind, a = '', b = '', c = ''] = line.split(' ');
    if (kind === 'f')
      files.push({ file: decode(a), rc: 0, out: Buffer.from(b, 'base64'), err: '', run: false });
    else if (kind === 'x')
      files.push({ file: decode(a), rc: Number(b), out: Buffer.from(c, 'base64'), err: '', run: true });
    else if (kind === 'e' && files.length) files[files.length - 1]!.err = decode(a);
    else if (kind === 's')
      files.push({ file: decode(a), rc: 0, out: Buffer.alloc(0), err: '', run: false, stat: decode(b) });
  }
  // glob.glob + sorted(): by code point, not the host shell's collation
  files.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
  for (const f of files) {
    const fn = `${factPath}/${f.file}`;
    const name = f.file.split('.fact').join('');
    const warn = (msg: string): void => {
      local[name] = msg;
      warnings.push(msg);
    };
    if (f.stat !== undefined) {
      warn(`Could not stat fact (${fn}): ${pyOSError(f.stat, fn) ?? f.stat}`);
      continue;
    }
    if (f.run && f.rc !== 0) {
      warn(`Failure executing fact script (${fn}), rc: ${f.rc}, err: ${f.err}`);
      continue;
    }
    // Ansible decodes with surrogateescape: invalid UTF-8 is not an error by itself
    const fact = parseFact(f.out.toString('utf8'), fn, warnings);
    if (fact === INTERPOLATION_FAILED) return { warnings };
    local[name] = fact;
  }
  return { local, warnings };
}

function decode(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

const INTERPOLATION_FAILED = Symbol('interpolation failed');

/** JSON first, then INI (each section a dict of its options), else Ansible's message. */
function parseFact(text: string, fn: string, warnings: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: INI below
  }
  const ini = parseIni(text);
  if ('sections' in ini) return ini.sections;
  if (ini.kind === 'interpolation') return INTERPOLATION_FAILED;
  const msg = `error loading facts as JSON or ini - please check content: ${fn}`;
  warnings.push(msg);
  return msg;
}
