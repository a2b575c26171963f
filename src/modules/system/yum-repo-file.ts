import { DEFAULT_SECTION, readIni, type IniData, type IniSection } from '../../util/py-configparser.js';

/**
 * A .repo file as yum_repository handles it: read with configparser (keys lower-cased, comments
 * and blank lines dropped), one section replaced or removed, written back whole as
 * RawConfigParser.write writes (`key = value`, continuation lines after a tab, a blank line
 * after each section, the section that changed moved to the end). Whether anything changed is
 * judged, as Ansible judges it, on a sorted dump of the sections (DEFAULT's options shown in
 * each), not on the bytes: a file in another layout but with the same options is left alone.
 */

/** What the file holds after reading; empty for a missing file. */
export function parseRepoFile(text: string | undefined, path: string): IniData {
  const data: IniData = { defaults: new Map(), sections: new Map() };
  if (text !== undefined) readIni(data, text, path, { caseSensitive: false, allowNoValue: false });
  return data;
}

/** Python's sorted() on text: by code point. */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** The module's dump(): sorted sections, each with its and DEFAULT's options sorted (the diff's text). */
export function dumpRepos(data: IniData): string {
  let out = '';
  for (const name of [...data.sections.keys()].sort(byCodePoint)) {
    out += `[${name}]\n`;
    const items = new Map([...data.defaults, ...data.sections.get(name)!]);
    for (const k of [...items.keys()].sort(byCodePoint)) out += `${k} = ${items.get(k)}\n`;
    out += '\n';
  }
  return out;
}

function writeSection(name: string, opts: IniSection): string {
  let out = `[${name}]\n`;
  for (const [k, v] of opts) out += `${k} = ${String(v).replace(/\n/g, '\n\t')}\n`;
  return out + '\n';
}

/** The file's new bytes (RawConfigParser.write), or undefined: no section left, the file goes. */
export function writeRepoFile(data: IniData): string | undefined {
  if (data.sections.size === 0) return undefined;
  let out = data.defaults.size ? writeSection(DEFAULT_SECTION, data.defaults) : '';
  for (const [name, opts] of data.sections) out += writeSection(name, opts);
  return out;
}

/** `options`: the section's new options in order; undefined removes it. Returns the file after. */
export function withSection(data: IniData, section: string, options: IniSection | undefined): IniData {
  const sections = new Map(data.sections);
  // removed and added again: a replaced section moves to the end, as remove_section/add_section do
  sections.delete(section);
  if (options) sections.set(section, options);
  return { defaults: data.defaults, sections };
}
