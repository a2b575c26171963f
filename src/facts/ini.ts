/**
 * INI text as Python's configparser.ConfigParser reads it with its defaults (what Ansible uses for
 * custom facts): `[section]` headers, `key = value` or `key: value` with keys lower-cased, `#` and
 * `;` comment lines, indented continuation lines, a DEFAULT section every section inherits, and
 * `%(name)s` / `%%` interpolation. Duplicates and text outside a section are errors (strict mode).
 */

export type IniResult =
  | { sections: Record<string, Record<string, string>> }
  | { kind: 'syntax' | 'interpolation'; message: string };

const DEFAULT = 'DEFAULT';

export function parseIni(text: string): IniResult {
  const defaults = new Map<string, string[]>();
  const sections = new Map<string, Map<string, string[]>>();
  let cur: Map<string, string[]> | undefined;
  let opt: string | undefined;
  let indentLevel = 0;
  for (const line of text.split('\n')) {
    const stripped = line.trim();
    const isComment = stripped.startsWith('#') || stripped.startsWith(';');
    const value = isComment ? '' : stripped;
    if (!value) {
      // an empty line inside a multi-line value is part of it; a comment line ends nothing
      if (!isComment && cur && opt !== undefined) cur.get(opt)!.push('');
      else indentLevel = Number.MAX_SAFE_INTEGER;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (cur && opt !== undefined && indent > indentLevel) {
      cur.get(opt)!.push(value);
      continue;
    }
    indentLevel = indent;
    const header = /^\[(.+)\]/.exec(value); // configparser ignores what follows the ]
    if (header) {
      const name = header[1]!;
      if (name === DEFAULT) cur = defaults;
      else {
        if (sections.has(name)) return syntax(`section '${name}' already exists`);
        cur = new Map();
        sections.set(name, cur);
      }
      opt = undefined;
      continue;
    }
    if (!cur) return syntax('file contains no section headers');
    const m = /^(.*?)\s*[=:]\s*(.*)$/.exec(value);
    const name = m?.[1]?.trimEnd().toLowerCase();
    if (!m || !name) return syntax(`cannot parse line: ${value}`);
    if (cur.has(name)) return syntax(`option '${name}' already exists`);
    cur.set(name, [m[2]!.trim()]);
    opt = name;
  }
  const out: Record<string, Record<string, string>> = {};
  const join = (v: string[]): string => v.join('\n').trimEnd();
  for (const [sect, opts] of sections) {
    const raw = new Map<string, string>();
    for (const [k, v] of opts) raw.set(k, join(v));
    for (const [k, v] of defaults) if (!raw.has(k)) raw.set(k, join(v));
    const values: Record<string, string> = {};
    for (const [k, v] of raw) {
      const r = interpolate(v, raw, k, sect, 1);
      if (typeof r !== 'string') return r;
      values[k] = r;
    }
    out[sect] = values;
  }
  return { sections: out };
}

function syntax(message: string): IniResult {
  return { kind: 'syntax', message };
}

/** BasicInterpolation: `%%` is `%`, `%(name)s` is another option's value, at most 10 deep. */
export function interpolate(
  value: string,
  opts: ReadonlyMap<string, string | null>,
  option: string,
  section: string,
  depth: number,
  optionName: (name: string) => string = (n) => n.toLowerCase(),
): string | IniResult {
  if (depth > 10)
    return {
      kind: 'interpolation',
      message: `Recursion limit exceeded in value substitution: option '${option}' in section '${section}'`,
    };
  let out = '';
  let rest = value;
  while (rest) {
    const p = rest.indexOf('%');
    if (p < 0) return out + rest;
    out += rest.slice(0, p);
    rest = rest.slice(p);
    if (rest[1] === '%') {
      out += '%';
      rest = rest.slice(2);
      continue;
    }
    const m = /^%\(([^)]+)\)s/.exec(rest);
    if (!m) {
      return {
        kind: 'interpolation',
        message: `'%' must be followed by '%' or '(', found: ${JSON.stringify(rest)}`,
      };
    }
    const ref = optionName(m[1]!);
    const v = opts.get(ref);
    if (v === undefined || v === null)
      return {
        kind: 'interpolation',
        message: `Bad value substitution: option '${option}' in section '${section}' contains an interpolation key '${ref}' which is not a valid option name.`,
      };
    const inner = v.includes('%') ? interpolate(v, opts, ref, section, depth + 1, optionName) : v;
    if (typeof inner !== 'string') return inner;
    out += inner;
    rest = rest.slice(m[0].length);
  }
  return out;
}
