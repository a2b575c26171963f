/**
 * Reading INI text as Python's configparser does (strict, the default delimiters `=` and `:`,
 * full-line comments `#` and `;`, no inline comments, indented continuation lines, empty lines
 * kept inside a value): the ini lookup and yum_repository read files with it, as their Ansible
 * counterparts do. Values are the raw text (no interpolation); DEFAULT is kept apart.
 */

/** One section's options in the file's order; null: an option without a value (allow_no_value). */
export type IniSection = Map<string, string | null>;

export interface IniData {
  readonly defaults: IniSection;
  readonly sections: Map<string, IniSection>;
}

export interface IniReadOptions {
  /** false: option names are lower-cased (configparser's optionxform) */
  caseSensitive: boolean;
  /** a line without a delimiter is an option with no value, not a parsing error */
  allowNoValue: boolean;
}

/** Why configparser would refuse the text (its DuplicateSectionError, ParsingError, ...). */
export class IniReadError extends Error {}

export const DEFAULT_SECTION = 'DEFAULT';

/** Reads `text` (the file `file`, named in errors) into `data`, as configparser's read() adds a file. */
export function readIni(data: IniData, text: string, file: string, opts: IniReadOptions): void {
  const added = new Set<string>();
  const pending = new Map<IniSection, Map<string, string[] | null>>();
  let cur: Map<string, string[] | null> | undefined;
  let sectName = '';
  let optName: string | undefined;
  let indentLevel = 0;
  const bad: string[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    const lineNo = i + 1;
    const trimmed = line.trim();
    const comment = trimmed.startsWith('#') || trimmed.startsWith(';');
    const value = comment ? '' : trimmed;
    if (!value) {
      if (!comment && cur && optName && cur.get(optName)) cur.get(optName)!.push('');
      return;
    }
    const indent = line.search(/\S/);
    if (cur && optName && indent > indentLevel && cur.get(optName)) {
      cur.get(optName)!.push(value);
      return;
    }
    indentLevel = indent;
    const header = /^\[(.+)\]/.exec(value); // what follows the last ] is ignored
    if (header) {
      sectName = header[1]!;
      const target = sectionFor(data, sectName, file, lineNo, added);
      cur = pending.get(target) ?? new Map();
      pending.set(target, cur);
      optName = undefined;
      return;
    }
    if (!cur)
      throw new IniReadError(
        `file contains no section headers: ${file}, line ${lineNo}: ${JSON.stringify(line)}`,
      );
    const m = (opts.allowNoValue ? /^(.*?)\s*(?:([=:])\s*(.*))?$/ : /^(.*?)\s*([=:])\s*(.*)$/).exec(value);
    if (!m || !m[1]) {
      bad.push(`[line ${lineNo}]: ${JSON.stringify(line)}`);
      if (!m) return;
    }
    const name = m[1]!.trimEnd();
    optName = opts.caseSensitive ? name : name.toLowerCase();
    const id = `${sectName}\0${optName}`;
    if (added.has(id))
      throw new IniReadError(
        `Duplicate option in '${file}': option '${optName}' in section '${sectName}' already exists (line ${lineNo})`,
      );
    added.add(id);
    cur.set(optName, m[2] === undefined ? null : [m[3]!.trim()]);
  });
  for (const [target, opts] of pending)
    for (const [k, v] of opts) target.set(k, v === null ? null : v.join('\n').trimEnd());
  if (bad.length) throw new IniReadError(`${file} contains parsing errors: ${bad.join(', ')}`);
}

function sectionFor(
  data: IniData,
  name: string,
  file: string,
  lineNo: number,
  added: Set<string>,
): IniSection {
  const known = data.sections.get(name);
  if (known) {
    if (added.has(name)) throw new IniReadError(`duplicate section '${name}' in '${file}' (line ${lineNo})`);
    added.add(name);
    return known;
  }
  if (name === DEFAULT_SECTION) return data.defaults;
  const s: IniSection = new Map();
  data.sections.set(name, s);
  added.add(name);
  return s;
}
