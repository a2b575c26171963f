import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { FilterError, LookupOptionsError } from './errors.js';
import { splitKwargs } from './members.js';
import { undefinedInside } from './undefined-inside.js';
import { isPlainObject, pyStr, truthy, typeName } from './python.js';
import type { TemplarContext } from './runtime.js';
import type { TemplateLoader } from './loader.js';
import { IniParser, iniOptions, iniTermValues, splitInlineTerm } from './lookup-ini.js';
import { sequenceTerm } from './sequence.js';
import { passwordTerm } from './lookup-password.js';
import { pyRegex } from './filters/regex.js';
import { Undefined, UndefinedAccess } from './undefined.js';
import { noteUnsafe, Traced } from './unsafe.js';
import { keyOf } from '../util/py-dict-keys.js';
import { pyTuple } from '../util/py-tuple.js';
import { pySplit, pySplitLines } from '../util/py-text.js';
import { pyDecode } from '../util/py-decode.js';
import { cartesian, nested, together } from './lookup-lists.js';
import {
  fileglob,
  findFile,
  readControllerBytes,
  readControllerText,
  unvaultLookup,
} from './lookup-files.js';
import { csvfileLookup } from './lookup-csvfile.js';
import { inventoryHostnames } from './lookup-inventory.js';
import { configLookup } from './lookup-config.js';
import { templateLookup } from './lookup-template.js';
import { warnFromTemplate } from './template-warnings.js';
import { inheritedStderr } from '../util/run-stdio.js';

/** lookup()/query() plugins that are cheap and safe on the controller: env, file, vars, template, items ... */

export interface LookupHost {
  /** a variable by name (templated), or Undefined */
  lookupVar(name: string): unknown;
  /** renders a template file's text with the same variables; the loader resolves its includes */
  renderFile(text: string, name: string, loader: TemplateLoader): string;
  /** directories relative paths are tried in (role files/templates, playbook dir), then the cwd */
  searchPaths: readonly string[];
  /** the names of every variable (the varnames lookup) */
  varNames(): string[];
  /** lookups fail here (TemplarOptions.noLookups) */
  noLookups?: boolean;
  /** templates a value with the same variables (a lookup's terms are templated again) */
  template(value: unknown): unknown;
  /** the same host seeing `extra` over its variables */
  withVars(extra: Record<string, unknown>): LookupHost;
}

/**
 * Ansible templates a lookup's terms once more (`lookup('pipe', '{{ x }} -c ...')`); a term built
 * from host data stays as it is, since host data is never evaluated as a template.
 */
function termValue(host: LookupHost, t: unknown): unknown {
  // a positional argument comes as a Traced value (compiler.ts compileTraced)
  if (!(t instanceof Traced)) return t;
  return t.unsafe ? t.value : host.template(t.value);
}

const findIn = (host: LookupHost, name: string, sub: string, quiet = false): string | undefined =>
  findFile(host.searchPaths, name, sub, quiet);

function repr(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Python's split on any of `chars`, over a string or (recursively) a list of them. */
function splitOn(v: unknown, chars: string): string[] {
  if (typeof v === 'string') return v.split(new RegExp(`[${chars}]`));
  return Array.isArray(v) ? v.flatMap((x) => splitOn(x, chars)) : [];
}

/**
 * The names first_found tries, in order, as Ansible 2.14 builds them: a string term is a name; a
 * mapping gives `files` (split on , and ;) joined to each of `paths` (split on , : and ;) and
 * `skip`; a list is walked the same way. (A mapping with files and no paths replaces what earlier
 * terms gave, as in Ansible.)
 */
function firstFoundSearch(
  terms: unknown[],
  kw: Record<string, unknown>,
): { search: string[]; skip: boolean } {
  let search: string[] = [];
  let skip = false;
  for (const t of terms) {
    if (Array.isArray(t)) {
      const sub = firstFoundSearch(t, kw);
      search.push(...sub.search);
      skip = sub.skip;
      continue;
    }
    if (!isPlainObject(t) && typeof t !== 'string')
      throw new FilterError(
        `Invalid term supplied, can handle string, mapping or list of strings but got: ${typeName(t)} for ${pyStr(t)}`,
      );
    const opts = isPlainObject(t) ? t : kw;
    const files = splitOn(opts.files ?? [], ',;');
    const paths = splitOn(opts.paths ?? [], ',:;');
    skip = truthy(opts.skip ?? false);
    // os.path.join: an absolute file name stands alone
    if (paths.length)
      for (const dir of paths) for (const f of files) search.push(path.isAbsolute(f) ? f : path.join(dir, f));
    else if (files.length) search = files;
    else if (typeof t === 'string') search.push(t);
  }
  return { search, skip };
}

/** Ansible's subelements: (element, subitem) pairs; the sub-list is taken out of each element. */
function subelements(terms: unknown[]): unknown[] {
  const termsError = (msg = ''): FilterError =>
    new FilterError(`subelements lookup expects a list of two or three items, ${msg}`);
  if (terms.length < 2 || terms.length > 3) throw termsError();
  const [first, subkey, flags = {}] = terms;
  // Ansible listifies the first term: a single value becomes a list of one
  const elements = Array.isArray(first) || isPlainObject(first) ? first : [first];
  if (!(Array.isArray(elements) || isPlainObject(elements)) || typeof subkey !== 'string')
    throw termsError('first a dict or a list, second a string pointing to the subkey');
  if (!isPlainObject(flags) || Object.keys(flags).some((k) => k !== 'skip_missing'))
    throw termsError("the optional third item must be a dict with flags ['skip_missing']");
  if (isPlainObject(elements) && (elements.skipped ?? false) !== false) return [];
  const list = Array.isArray(elements) ? elements : Object.values(elements);
  const path = subkey.split('.');
  const skipMissing = truthy(flags.skip_missing ?? false);
  const out: unknown[] = [];
  for (const original of list) {
    if (!isPlainObject(original))
      throw new FilterError(`subelements lookup expects a dictionary, got '${repr(original)}'`);
    if ((original.skipped ?? false) !== false) continue;
    const item0 = structuredClone(original);
    let sub: Record<string, unknown> = item0;
    let sublist: unknown[] = [];
    for (const [i, key] of path.entries()) {
      if (!(key in sub)) {
        if (skipMissing) continue;
        throw new FilterError(`could not find '${key}' key in iterated item '${repr(sub)}'`);
      }
      const v = sub[key];
      if (i < path.length - 1) {
        if (!isPlainObject(v)) {
          if (skipMissing) continue;
          throw new FilterError(`the key ${key} should point to a dictionary, got '${repr(v)}'`);
        }
        sub = v;
      } else {
        if (!Array.isArray(v))
          throw new FilterError(`the key ${key} should point to a list, got '${repr(v)}'`);
        sublist = v;
        delete sub[key];
      }
    }
    for (const item1 of sublist) out.push(pyTuple([item0, item1]));
  }
  return out;
}

/** A `with_<name>` loop through the lookup plugin of that name (undefined: no such plugin). */
export function loopLookup(host: LookupHost, name: string, raw: unknown): unknown[] | undefined {
  const plugin = plugins[name];
  if (!plugin) return undefined;
  const terms = Array.isArray(raw) ? raw : [raw];
  return plugin(host, terms, {});
}

/** Python's words for a bad pattern (`nothing to repeat`), from JavaScript's error. */
function pyRegexError(e: unknown): string {
  const m = /: ([^:]+)$/.exec((e as Error).message);
  const text = m ? m[1]! : String(e);
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The playbook's directory: the last search path (Ansible's loader basedir). */
const playbookDir = (h: LookupHost): string => h.searchPaths[h.searchPaths.length - 1] ?? process.cwd();

/** A command's output, run as Ansible's pipe and lines lookups run it: the shell, from the playbook's dir. */
function shellOutput(h: LookupHost, plugin: string, cmd: string): string {
  const r = spawnSync('/bin/sh', ['-c', cmd], {
    cwd: playbookDir(h),
    stdio: ['pipe', 'pipe', inheritedStderr()],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new FilterError(`lookup_plugin.${plugin}(${cmd}) returned ${r.status ?? -1}`);
  return r.stdout;
}

type Plugin = (host: LookupHost, terms: unknown[], kw: Record<string, unknown>) => unknown[];

const plugins: Record<string, Plugin> = {
  // the variable named by each term's first word, as Ansible reads it
  env: (_h, terms, kw) =>
    terms.map((t) => {
      const name = pySplit(pyStr(t))[0];
      if (name === undefined) throw new FilterError('list index out of range');
      return process.env[name] ?? kw.default ?? '';
    }),
  file: (h, terms, kw) =>
    terms.map((t) => {
      const p = findIn(h, pyStr(t), 'files');
      if (!p) throw new FilterError(`could not locate file in lookup: ${pyStr(t)}`);
      let text = readControllerText(p, pyStr(t));
      if (truthy(kw.lstrip ?? false)) text = text.replace(/^\s+/, '');
      return truthy(kw.rstrip ?? true) ? text.replace(/\s+$/, '') : text;
    }),
  template: (h, terms, kw) => templateLookup(h, terms, kw),
  vars: (h, terms, kw) =>
    terms.map((t) => {
      if (typeof t !== 'string')
        throw new FilterError(
          `Invalid setting identifier, "${pyStr(t)}" is not a string, its a <class '${typeName(t)}'>`,
        );
      const v = h.lookupVar(t);
      if (v instanceof Undefined) {
        if ('default' in kw) return kw.default;
        // Ansible's wording, which playbooks test for
        throw new UndefinedAccess(t, `No variable found with this name: ${t}`);
      }
      return v;
    }),
  items: (_h, terms) => terms.flatMap((t) => (Array.isArray(t) ? t : [t])),
  list: (_h, terms) => terms,
  flattened: (_h, terms) => terms.flat(Infinity),
  indexed_items: (_h, terms) =>
    terms.flatMap((t) => (Array.isArray(t) ? t : [t])).map((x, i) => pyTuple([i, x])),
  dict: (_h, terms) =>
    terms.flatMap((t) => {
      if (!isPlainObject(t)) throw new FilterError("lookup('dict') expects a dict");
      return Object.keys(t).map((k) => ({ key: keyOf(t, k), value: t[k] }));
    }),
  first_found: (h, terms, kw) => {
    const { search, skip } = firstFoundSearch(terms, kw);
    for (const n of search) {
      const p = findIn(h, n, 'files', true);
      if (p) return [p];
    }
    if (skip) return [];
    throw new FilterError(`No file was found when using first_found (tried: ${search.join(', ')})`);
  },
  subelements: (_h, terms) => subelements(terms),
  together: (_h, terms) => together(terms),
  nested: (_h, terms) => nested(terms),
  cartesian: (_h, terms) => cartesian(terms),
  fileglob: (h, terms) => terms.flatMap((t) => fileglob(h.searchPaths, pyStr(t))),
  pipe: (h, terms) => terms.map((t) => shellOutput(h, 'pipe', pyStr(t)).replace(/\s+$/, '')),
  // each term's output, split into lines
  lines: (h, terms) => terms.flatMap((t) => pySplitLines(shellOutput(h, 'lines', pyStr(t)))),
  password: (h, terms, kw) => terms.map((t) => passwordTerm(playbookDir(h), pyStr(t), kw)),
  varnames: (h, terms) => {
    const names = h.varNames();
    return terms.flatMap((t) => {
      if (typeof t !== 'string')
        throw new FilterError(
          `Invalid setting identifier, "${pyStr(t)}" is not a string, it is a ${typeName(t)}`,
        );
      let re: RegExp;
      try {
        re = pyRegex(t);
      } catch (e) {
        throw new FilterError(`Unable to use "${t}" as a search parameter: ${pyRegexError(e)}`);
      }
      return names.filter((n) => re.test(n));
    });
  },
  sequence: (_h, terms) => terms.flatMap((t) => sequenceTerm(pyStr(t))),
  csvfile: (h, terms, kw) => csvfileLookup(terms, kw, (name) => findIn(h, name, 'files')),
  unvault: (h, terms) => unvaultLookup(h.searchPaths, terms.map(pyStr)),
  inventory_hostnames: (h, terms) => inventoryHostnames(h.lookupVar('groups'), terms),
  // one term at random (Python's random.choice); none gives none
  random_choice: (_h, terms) => (terms.length ? [terms[Math.floor(Math.random() * terms.length)]] : []),
  config: (h, terms, kw) => configLookup(terms, kw, (n) => h.lookupVar(n)),
  ini: (h, terms, kw) => {
    const base = iniOptions(kw);
    // one parser for all terms, as Ansible reads each term's file into the same ConfigParser
    const cp = new IniParser(base.caseSensitive, base.allowNoValue);
    const given = { ...kw };
    let opts = base;
    return terms.flatMap((t) => {
      let key = pyStr(t);
      const inline = splitInlineTerm(key);
      if (inline) {
        key = inline.key;
        // inline options stay set for the later terms, as in Ansible
        Object.assign(given, inline.kw);
        opts = { ...iniOptions(given), caseSensitive: base.caseSensitive };
      }
      const p = findIn(h, opts.file, 'files');
      if (!p) throw new FilterError(`lookup('ini'): could not locate file in lookup: ${opts.file}`);
      const bytes = readControllerBytes(p, opts.file);
      let text: string;
      try {
        text = pyDecode(bytes, opts.encoding);
      } catch (e) {
        throw new FilterError(
          `lookup('ini'): cannot read ${opts.file} as ${opts.encoding}: ${(e as Error).message}`,
        );
      }
      cp.read(opts.type === 'properties' ? `[java_properties]\n${text}` : text, opts.file);
      return iniTermValues(cp, key, opts);
    });
  },
};

function run(ctx: TemplarContext, wantList: boolean, nameArg: unknown, args: unknown[]): unknown {
  const host = ctx.owner as LookupHost;
  if (host.noLookups) throw new FilterError('lookups are not run in a template rendered ahead of time');
  // the plugin's name is an argument too, but not a term: it is not templated again
  const name = nameArg instanceof Traced ? nameArg.value : nameArg;
  const split = splitKwargs(args);
  const kw = split.kw;
  const plugin = plugins[pyStr(name).replace(/^ansible\.builtin\./, '')];
  if (!plugin)
    throw new FilterError(
      `lookup plugin '${pyStr(name)}' is not supported (have: ${Object.keys(plugins).join(', ')})`,
    );
  const pos = split.pos.map((t) => termValue(host, t));
  for (const a of pos) if (a instanceof Undefined) a.fail();
  // errors= and wantlist= are the lookup's own, not the plugin's (Ansible's Templar takes them out)
  const { errors, wantlist, allow_unsafe, ...options } = kw;
  // Ansible's plugins read their options (set_options): an undefined one fails the lookup, so
  // `default=undef()` never comes back as the value
  for (const v of Object.values(options)) (v instanceof Undefined ? v : undefinedInside(v))?.fail();
  if (truthy(allow_unsafe ?? false))
    throw new LookupOptionsError(
      `lookup('${pyStr(name)}'): allow_unsafe=True is not supported (fabplay never templates a lookup's result again)`,
    );
  wantList ||= truthy(wantlist ?? false);
  let out: unknown[];
  try {
    out = plugin(host, pos, options);
  } catch (e) {
    // errors='warn' or 'ignore': a failing plugin gives nothing ('warn' says so, as Ansible)
    if (!(e instanceof FilterError) || e instanceof LookupOptionsError) throw e;
    if (errors !== 'warn' && errors !== 'ignore') throw e;
    if (errors === 'warn') warnFromTemplate(passedBy(pyStr(name), e.message));
    return wantList ? [] : null;
  }
  // allow_unsafe_lookups=false: what a lookup returns is never templated again
  if (out.length) noteUnsafe();
  // an empty result stays a list, also for lookup() (Ansible joins only a result it has)
  if (wantList || !out.length) return out;
  if (out.length === 1) return out[0];
  return out.every((x) => typeof x === 'string') ? out.join(',') : out;
}

/**
 * Ansible's warning for a failure errors='warn' passes by: an AnsibleLookupError (first_found's)
 * is "Lookup failed ...", any other error names the plugin and the error's class.
 */
function passedBy(plugin: string, msg: string): string {
  const name = plugin.replace(/^ansible\.builtin\./, '');
  if (name === 'first_found') return `Lookup failed but the error is being ignored: ${msg}`;
  const cls = name === 'ini' || name === 'unvault' ? 'AnsibleParserError' : 'AnsibleError';
  return (
    `An unhandled exception occurred while running the lookup plugin '${name}'. ` +
    `Error was a <class 'ansible.errors.${cls}'>, original message: ${msg}`
  );
}

export function lookupGlobal(this: TemplarContext, name: unknown, ...args: unknown[]): unknown {
  return run(this, false, name, args);
}

export function queryGlobal(this: TemplarContext, name: unknown, ...args: unknown[]): unknown {
  return run(this, true, name, args);
}
