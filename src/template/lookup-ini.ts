import { interpolate } from '../facts/ini.js';
import { FilterError, LookupOptionsError } from './errors.js';
import { pyStr } from './python.js';
import { IniReadError, readIni, type IniSection } from '../util/py-configparser.js';

/**
 * The `ini` lookup as Ansible 2.14 runs it: Python's configparser (delimiters = and :, full-line
 * comments # and ;, indented continuation lines, a DEFAULT section every section inherits,
 * %(name)s interpolation, duplicate sections/options refused) over a file found like `file`.
 */

type Section = IniSection;

export interface IniOptions {
  section: string;
  file: string;
  default: unknown;
  re: boolean;
  encoding: string;
  type: 'ini' | 'properties';
  caseSensitive: boolean;
  allowNoValue: boolean;
}

const OPTION_NAMES = [
  'type',
  'file',
  'section',
  're',
  'encoding',
  'default',
  'case_sensitive',
  'allow_no_value',
  'allow_none',
];

function bool(name: string, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = pyStr(v).toLowerCase();
  if (['yes', 'on', '1', 'true', 't', 'y'].includes(s)) return true;
  if (['no', 'off', '0', 'false', 'f', 'n', ''].includes(s)) return false;
  throw new FilterError(`lookup('ini'): option ${name} must be a boolean, got ${pyStr(v)}`);
}

/** The options from the lookup's keyword arguments (or inline `key=value` words), with Ansible's defaults. */
export function iniOptions(kw: Record<string, unknown>): IniOptions {
  for (const k of Object.keys(kw))
    if (!OPTION_NAMES.includes(k))
      throw new FilterError(
        `lookup('ini'): '${k}' is not a valid option (valid: ${OPTION_NAMES.join(', ')})`,
      );
  const type = pyStr(kw.type ?? 'ini');
  if (type !== 'ini' && type !== 'properties')
    throw new FilterError(`lookup('ini'): type must be one of ini, properties, got ${type}`);
  return {
    section: pyStr(kw.section ?? 'global'),
    file: pyStr(kw.file ?? 'ansible.ini'),
    default: kw.default ?? '',
    re: bool('re', kw.re ?? false),
    encoding: pyStr(kw.encoding ?? 'utf-8'),
    type,
    caseSensitive: bool('case_sensitive', kw.case_sensitive ?? false),
    allowNoValue: bool('allow_no_value', kw.allow_no_value ?? kw.allow_none ?? false),
  };
}

/**
 * A term with inline options (`user section=x file=y`, deprecated in Ansible but still read):
 * the key and the options it sets. Words after `name=` without `=` continue that value.
 */
export function splitInlineTerm(term: string): { key: string; kw: Record<string, string> } | undefined {
  if (!term.includes('=') && !term.trim().includes(' ')) return undefined;
  const params: Record<string, string> = {};
  const order: string[] = [];
  let current = 'key';
  term
    .split(/\s+/)
    .filter((w) => w !== '')
    .forEach((word, i) => {
      if (word.includes('=')) for (const k of OPTION_NAMES) if (word.includes(`${k}=`)) current = k;
      if (i === 0 || !params[current]) {
        params[current] = word;
        order.push(current);
      } else params[current] += ' ' + word;
    });
  let key: string | undefined;
  const kw: Record<string, string> = {};
  for (const param of order.map((k) => params[k]!)) {
    if (param.includes('=')) {
      const parts = param.split('=');
      if (parts.length !== 2)
        throw new FilterError(`lookup('ini'): could not use '${param}' from '${term}': too many '='`);
      if (!OPTION_NAMES.includes(parts[0]!))
        throw new FilterError(`lookup('ini'): ${parts[0]} is not a valid option.`);
      kw[parts[0]!] = parts[1]!;
    } else key ??= param;
  }
  // an options error in Ansible: errors='ignore' does not spare it
  if (key === undefined)
    throw new LookupOptionsError(
      `lookup('ini'): No key to lookup was provided as first term with in string inline options: ${term}`,
    );
  return { key, kw };
}

/** What configparser holds after reading: DEFAULT and the named sections, values joined. */
export class IniParser {
  readonly defaults: Section = new Map();
  readonly sections = new Map<string, Section>();

  constructor(
    private readonly caseSensitive: boolean,
    private readonly allowNoValue: boolean,
  ) {}

  optionName(name: string): string {
    return this.caseSensitive ? name : name.toLowerCase();
  }

  /** Reads one file's text into the parser; `file` names it in errors. */
  read(text: string, file: string): void {
    try {
      readIni(this, text, file, { caseSensitive: this.caseSensitive, allowNoValue: this.allowNoValue });
    } catch (e) {
      if (e instanceof IniReadError) throw new FilterError(`lookup('ini'): ${e.message}`);
      throw e;
    }
  }

  /** The options a section sees: DEFAULT's, then its own (undefined: no such section). */
  private view(section: string): Section | undefined {
    if (section === 'DEFAULT') return new Map(this.defaults);
    const own = this.sections.get(section);
    return own && new Map([...this.defaults, ...own]);
  }

  /** All options of a section with interpolated values (configparser's items()). */
  items(section: string): Array<[string, string | null]> {
    const v = this.view(section);
    if (!v) throw new FilterError(`No section '${section}'`);
    return [...v].map(([k, val]) => [k, val === null ? null : this.interpolate(val, k, section, v)]);
  }

  /** One option's interpolated value; undefined when the option is missing. */
  get(section: string, key: string): string | null | undefined {
    const v = this.view(section);
    if (!v) throw new FilterError(`No section '${section}'`);
    const name = this.optionName(key);
    if (!v.has(name)) return undefined;
    const val = v.get(name)!;
    return val === null ? null : this.interpolate(val, name, section, v);
  }

  /** configparser's BasicInterpolation: %% is %, %(name)s is that option's value. */
  private interpolate(value: string, option: string, section: string, map: Section): string {
    const r = interpolate(value, map, option, section, 1, (n) => this.optionName(n));
    if (typeof r === 'string') return r;
    throw new FilterError(`lookup('ini'): ${'message' in r ? r.message : 'bad interpolation'}`);
  }
}

/** The values one term yields: the key's value (or the default), or every matching key's with re. */
export function iniTermValues(cp: IniParser, key: string, o: IniOptions): unknown[] {
  const section = o.type === 'properties' ? 'java_properties' : o.section;
  const missing = (): never => {
    throw new FilterError(`No section '${section}' in ${o.file}`);
  };
  if (o.re) {
    if (!cp.sections.has(section) && section !== 'DEFAULT') missing();
    const re = new RegExp(`^(?:${key})`);
    return cp
      .items(section)
      .filter(([k]) => re.test(k))
      .map(([, v]) => v);
  }
  if (!cp.sections.has(section) && section !== 'DEFAULT') missing();
  const got = cp.get(section, key);
  const v = got === undefined ? o.default : got;
  // Ansible drops a None value (a key without value, or default=None), but not with re
  return v === null || v === undefined ? [] : [v];
}
