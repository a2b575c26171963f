/**
 * The imports of module_utils in a Python file, as Ansible's ModuleDepFinder collects them from
 * the file's syntax tree, read here by a small scanner of import statements (fabplay runs no
 * Python on the controller for it):
 * - `import ansible.module_utils.x.y`: the name
 * - `from ansible.module_utils.x import a, b`: `x.a` and `x.b`, each a module or a name in x
 *   (the walk tells which); relative imports resolved against the file's own package
 * - one inside a block (indented: under try, if, def) is optional: the walk skips it when missing
 * What it does not see, as the syntax tree does not: imports built at run time (importlib,
 * __import__, exec). Unlike the tree, it also misses an import after a colon on the same line
 * (`try: import x`), which Ansible's module_utils do not write.
 */

export interface PythonImport {
  /** the dotted name, split: ('ansible', 'module_utils', 'basic', 'AnsibleModule') */
  parts: string[];
  /** inside a block: a missing one is skipped, as Ansible skips it */
  optional: boolean;
}

interface LogicalLine {
  indent: number;
  /** the code with strings emptied and comments dropped */
  code: string;
}

/**
 * The file's logical lines: continuation lines (open brackets, a trailing backslash) joined,
 * strings emptied (a docstring's examples are not imports), comments dropped.
 */
export function logicalLines(source: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const parts: string[] = [];
  let depth = 0;
  let indent = -1;
  const end = () => {
    const code = parts.join('').trim();
    if (code) lines.push({ indent: Math.max(indent, 0), code });
    parts.length = 0;
    indent = -1;
  };
  /** a logical line starts at the first character that is not blank */
  const starts = (at: number) => {
    if (indent < 0) indent = at - source.lastIndexOf('\n', at - 1) - 1;
  };
  // text between these characters is copied as it is, in slices (a character at a time is slow)
  const special = /[#'"\\\n()[\]{}]/g;
  let i = 0;
  while (i < source.length) {
    special.lastIndex = i;
    const m = special.exec(source);
    const at = m ? m.index : source.length;
    const plain = source.slice(i, at);
    const blank = /[^ \t\r\f]/.exec(plain);
    if (blank) starts(i + blank.index);
    parts.push(plain.includes('\r') ? plain.replaceAll('\r', '') : plain);
    if (!m) break;
    const c = m[0];
    i = at + 1;
    if (c === '\n') {
      if (depth > 0) parts.push(' ');
      else end();
      continue;
    }
    starts(at);
    if (c === '#') {
      const nl = source.indexOf('\n', at);
      i = nl < 0 ? source.length : nl;
    } else if (c === '"' || c === "'") {
      i = stringEnd(source, at) + 1;
      parts.push("''");
    } else if (c === '\\') {
      // a line continued: the backslash and the line end are a space
      if (source[at + 1] === '\n') i = at + 2;
      else if (source.startsWith('\r\n', at + 1)) i = at + 3;
      parts.push(' ');
    } else {
      if ('([{'.includes(c)) depth++;
      else depth = Math.max(0, depth - 1);
      parts.push(c);
    }
  }
  end();
  return lines;
}

/** The index of a string's closing quote (its last character), the string starting at `start` */
function stringEnd(source: string, start: number): number {
  const q = source[start]!;
  const triple = source.startsWith(q.repeat(3), start);
  const close = triple ? q.repeat(3) : q;
  let i = start + close.length;
  while (i < source.length) {
    if (source[i] === '\\') i += 2;
    else if (source.startsWith(close, i)) return i + close.length - 1;
    // an unclosed one-line string ends at the line's end (a syntax error Python would report)
    else if (!triple && source[i] === '\n') return i - 1;
    else i++;
  }
  return source.length;
}

const IMPORT = /^import\s+(.+)$/s;
const FROM_IMPORT = /^from\s+((?:\.\s*)*)([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)?\s*import\b\s*(.+)$/s;

/** The names an import list gives: `a as b, c` (parentheses allowed after from ... import) */
function importedNames(list: string): string[] {
  return list
    .replace(/[()]/g, ' ')
    .split(',')
    .map((n) => n.trim().split(/\s+/)[0]!.replace(/\s+/g, ''))
    .filter((n) => n !== '');
}

/**
 * The module_utils imports of a file. `moduleFqn`: its dotted name (ansible.module_utils.common.text,
 * or ansible.modules.NAME for a module); `isPackageInit`: it is a package's __init__.py, which
 * relative imports count from.
 */
export function moduleUtilsImports(source: string, moduleFqn: string, isPackageInit = false): PythonImport[] {
  const found: PythonImport[] = [];
  for (const line of logicalLines(source))
    for (const statement of line.code.split(';')) {
      const optional = line.indent > 0;
      const text = statement.trim();
      const plain = IMPORT.exec(text);
      if (plain)
        for (const name of importedNames(plain[1]!))
          if (name.startsWith('ansible.module_utils.') || name.startsWith('ansible_collections.'))
            found.push({ parts: name.split('.'), optional });
      const from = FROM_IMPORT.exec(text);
      if (!from) continue;
      const names = importedNames(from[3]!);
      const module = fromModule(from[1]!.replace(/\s/g, '').length, (from[2] ?? '').replace(/\s/g, ''), {
        moduleFqn,
        isPackageInit,
      });
      // ansible.module_utils.six's own special case, as Ansible's
      if (names[0] === '_six') continue;
      if (!isModuleUtils(module)) continue;
      for (const name of names) found.push({ parts: [...module.split('.'), name], optional });
    }
  return found;
}

/** The module a `from` statement names, its dots resolved as Ansible resolves them */
function fromModule(
  level: number,
  module: string,
  at: { moduleFqn: string; isPackageInit: boolean },
): string {
  if (level === 0) return module;
  const parts = at.moduleFqn.split('.');
  // a package's __init__ is the package itself: one dot less to climb
  const keep = at.isPackageInit ? parts.length - level + 1 : parts.length - level;
  return [...parts.slice(0, Math.max(keep, 0)), ...(module ? [module] : [])].join('.');
}

function isModuleUtils(module: string): boolean {
  if (module.startsWith('ansible.module_utils')) return true;
  return (
    module.startsWith('ansible_collections.') &&
    (module.endsWith('plugins.module_utils') || module.includes('.plugins.module_utils.'))
  );
}
