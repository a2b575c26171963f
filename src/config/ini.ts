// The INI dialect of ansible.cfg (Python configparser): [sections], `key = value` or `key: value`,
// full-line `#`/`;` comments, inline `;` comments, indented continuation lines.
import { InputError } from '../errors.js';

export interface IniEntry {
  value: string;
  line: number;
}

export type IniData = Map<string, Map<string, IniEntry>>;

export function parseIni(text: string, file: string): IniData {
  const data: IniData = new Map();
  let section: Map<string, IniEntry> | undefined;
  let last: IniEntry | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const trimmed = raw.trim();
    if (!trimmed || trimmed[0] === '#' || trimmed[0] === ';') {
      last = undefined;
      continue;
    }
    if (/^\s/.test(raw) && last) {
      last.value += '\n' + stripComment(trimmed);
      continue;
    }
    const sec = /^\[([^\]]+)\]/.exec(trimmed);
    if (sec) {
      const name = sec[1]!.trim();
      section = data.get(name) ?? new Map();
      data.set(name, section);
      last = undefined;
      continue;
    }
    const pos = { file, line: n + 1, col: 1 };
    if (!section)
      throw new InputError(
        'option outside any [section]',
        pos,
        'start the file with a section such as [defaults]',
      );
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!m)
      throw new InputError(`expected key = value, got: ${trimmed}`, pos, 'write options as `key = value`');
    last = { value: stripComment(m[2]!), line: n + 1 };
    section.set(m[1]!.toLowerCase(), last);
  }
  return data;
}

/** configparser's inline_comment_prefixes=(';',): a `;` after whitespace starts a comment. */
function stripComment(v: string): string {
  const m = /\s;/.exec(v);
  return (m ? v.slice(0, m.index) : v).trim();
}
