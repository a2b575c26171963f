import { specifierContains } from './pip-version.js';

/**
 * What the pip module makes of each `name` item, as Ansible's pip module does with setuptools'
 * Requirement: items split at commas and joined again where a part is only a version specifier
 * (`[django>1.11, <1.12]`), each parsed as a requirement (name, extras, specifiers or `@ url`),
 * given to pip in the requirement's own spelling (specifiers sorted, spaces dropped), and looked
 * for in `pip list` output in check mode. Anything else (a URL, a path, a VCS link) is given to
 * pip as written and counts as not installed.
 */

const OPERATORS = ['~=', '===', '==', '!=', '<=', '>=', '<', '>'];

/** Whether a comma-separated part starts a new requirement (it is not a bare specifier). */
function startsRequirement(part: string): boolean {
  const t = part.trimStart();
  return !OPERATORS.some((op) => t.startsWith(op));
}

/** The name items rebuilt into one requirement text each (Ansible's _recover_package_name). */
export function recoverNames(names: readonly string[]): string[] {
  const parts = names.flatMap((n) => n.split(','));
  const out: string[] = [];
  let cur: string[] = [];
  let inBrackets = false;
  for (const part of parts) {
    if (startsRequirement(part) && !inBrackets) {
      if (cur.length) out.push(cur.join(','));
      cur = [];
    }
    if (part.includes('[')) inBrackets = true;
    if (inBrackets && part.includes(']')) inBrackets = false;
    cur.push(part);
  }
  out.push(cur.join(','));
  return out;
}

export interface Requirement {
  /** the text given to pip */
  text: string;
  /** the project name, canonical (PEP 503), when the text parsed as a requirement */
  project?: string;
  /** [operator, version] pairs */
  specs: [string, string][];
  /** an environment marker (`; python_version < "3"`), which fabplay cannot evaluate */
  marker?: boolean;
}

/** PEP 503's canonical project name. */
export function canonicalName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const EXTRAS = /^\[\s*((?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*,?\s*)*)\]/;
const SPEC = /^\s*(===|==|!=|~=|<=|>=|<|>)\s*([^,;\s)]*)\s*/;

/** Reads `a, b` specifiers; undefined when the text is not a list of them. */
function readSpecs(text: string): [string, string][] | undefined {
  const specs: [string, string][] = [];
  let rest = text;
  for (;;) {
    const m = SPEC.exec(rest);
    if (!m) return undefined;
    specs.push([m[1]!, m[2]]);
    rest = rest.slice(m[0].length);
    if (!rest) return specs;
    if (!rest.startsWith(',')) return undefined;
    rest = rest.slice(1);
  }
}

/** The specifiers once each (equal operator and text), sorted as their text sorts. */
function specText(specs: [string, string][]): string {
  return [...new Set(specs.map(([op, v]) => op + v))].sort().join(',');
}

/** Parses one requirement; a text that is not one keeps only its text. */
export function parseRequirement(raw: string): Requirement {
  const invalid: Requirement = { text: raw, specs: [] };
  const s = raw.trim();
  const name = NAME.exec(s)?.[0];
  if (!name) return invalid;
  let rest = s.slice(name.length).trimStart();
  let extras: string[] = [];
  const ex = EXTRAS.exec(rest);
  if (ex) {
    extras = ex[1]!
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    rest = rest.slice(ex[0].length).trimStart();
  }
  let marker: boolean | undefined;
  const semi = rest.search(/;/);
  if (semi >= 0) {
    marker = true;
    rest = rest.slice(0, semi).trimEnd();
  }
  let specs: [string, string][] = [];
  let url = '';
  if (rest.startsWith('@')) {
    url = rest.slice(1).trim();
    if (!url || /\s/.test(url)) return invalid;
  } else if (rest) {
    const inner = rest.startsWith('(') && rest.endsWith(')') ? rest.slice(1, -1) : rest;
    const read = readSpecs(inner.trim());
    if (!read) return invalid;
    specs = read;
  }
  const extraText = extras.length ? `[${[...new Set(extras)].sort().join(',')}]` : '';
  return {
    text: name + extraText + specText(specs) + (url ? `@ ${url}` : ''),
    project: canonicalName(name),
    specs,
    marker,
  };
}

/** A requirement with Ansible's `version` argument added: `==V`, or V itself when V starts with an operator. */
export function withVersion(req: Requirement, version: string): Requirement {
  const v = version.trimStart();
  if (!v) return req;
  return parseRequirement(req.text + (/^\d/.test(v) ? '==' : ' ') + v);
}

/** Whether `pip list --format=freeze` lines show the requirement installed (a version it allows). */
export function isInstalled(req: Requirement, freezeLines: readonly string[]): boolean {
  if (req.project === undefined) return false;
  return freezeLines.some((line) => {
    const parts = line.split('==');
    if (parts.length !== 2 || canonicalName(parts[0]!) !== req.project) return false;
    return req.specs.every(([op, v]) => specifierContains(op, v, parts[1]!));
  });
}
