import nunjucks from 'nunjucks';
import type { KnownNames } from './compiler.js';
import { collectionFilters } from './filters/collections.js';
import { ACCEPTS_UNDEFINED, coreFilters } from './filters/core.js';
import { dataFilters } from './filters/data.js';
import { dictFilters } from './filters/dicts.js';
import { encodingFilters } from './filters/encodings.js';
import { randomFilters } from './filters/random.js';
import { passwordFilters } from './filters/password-hash.js';
import { timeFilters } from './filters/time.js';
import { fileglobFilters } from './filters/fileglob.js';
import { itertoolsFilters } from './filters/itertools.js';
import { mathFilters } from './filters/math.js';
import { regexFilters } from './filters/regex.js';
import { urlFilters } from './filters/urls.js';
import { vaultFilters } from './filters/vault.js';
import { jinjaTextFilters } from './filters/jinja-text.js';
import { osPathFilters } from './filters/os-paths.js';
import { pprintFilters } from './filters/pprint.js';
import type { FilterFn } from './filters/types.js';
import { ipFilters } from './ipaddr.js';
import { lookupGlobal, queryGlobal } from './lookups.js';
import { nowGlobal } from './datetime.js';
import { splitKwargs } from './members.js';
import { jinjaGlobals } from './jinja-globals.js';
import { OMIT } from './omit.js';
import { registerTests } from './tests.js';
import { PlainUndefined, UNDEF_HINT, Undefined, hinted } from './undefined.js';
import { STRING_TYPE_FILTERS, noteNativeText } from './native-text.js';
import { pyDict } from './dict-keys.js';
import { pyRange } from './py-range.js';
import { rangeFiltered } from './filters/ranges.js';

/** The one nunjucks Environment: Ansible's Jinja2 settings, filters, tests and globals. */

// Ansible's Jinja2 environment: trim_blocks on, lstrip_blocks off, no autoescape.
export const env = new nunjucks.Environment([], { autoescape: false, trimBlocks: true, lstripBlocks: false });

/** Positional parameter names of filters that do not read keyword arguments themselves. */
const SIGNATURES: Record<string, string[]> = {
  ternary: ['true_val', 'false_val', 'none_val'],
  hash: ['hashtype'],
  b64encode: ['encoding'],
  b64decode: ['encoding'],
  replace: ['old', 'new', 'count'],
  round: ['precision', 'method'],
  center: ['width'],
  mandatory: ['msg'],
  split: ['seperator', 'maxsplit'],
  trim: ['chars'],
  ipaddr: ['query'],
  ipv4: ['query'],
  ipv6: ['query'],
  ipwrap: ['query'],
  nthhost: ['query'],
  ipmath: ['amount'],
  extract: ['container', 'morekeys'],
  batch: ['linecount', 'fill_with'],
  permutations: ['r'],
  combinations: ['r'],
  subelements: ['subelements', 'skip_missing'],
  log: ['base'],
  pow: ['y'],
  root: ['base'],
  human_readable: ['isbits', 'unit'],
  human_to_bytes: ['default_unit', 'isbits'],
  rekey_on_member: ['key', 'duplicates'],
  regex_escape: ['re_type'],
  select: [],
  reject: [],
};

/** Turns `f(a, name=b)` into positional arguments for filters listed in SIGNATURES. */
function positional(name: string, fn: FilterFn): FilterFn {
  const params = SIGNATURES[name.replace(/^ansible\.(builtin|utils|netcommon)\./, '')];
  if (!params?.length) return fn;
  return function (this, value, ...args) {
    const { pos, kw } = splitKwargs(args);
    if (!Object.keys(kw).length) return fn.call(this, value, ...args);
    const out = [...pos];
    params.forEach((p, i) => {
      if (p in kw) out[i] = kw[p];
    });
    while (out.length && out[out.length - 1] === undefined) out.pop();
    return fn.call(this, value, ...out);
  };
}

/** What Jinja2's filters make of its plain Undefined (an inline if without else): empty */
const PLAIN_UNDEFINED_AS: Record<string, unknown> = { length: 0, count: 0, list: [], wordcount: 0 };
/** Jinja2's text filters, which read their input as str(): '' for its plain Undefined */
const READ_AS_TEXT = new Set(
  'string lower upper capitalize title trim center indent replace striptags truncate wordwrap'.split(' '),
);

/** Filters whose arguments are only used as Python would (format's `%r` shows an undefined's repr) */
const ARGS_MAY_BE_UNDEFINED = new Set(['format']);

function guarded(name: string, raw: FilterFn): FilterFn {
  const fn = positional(name, raw);
  // a large range (py-range.ts) only reaches the filters that read it without its numbers
  const strict = !ACCEPTS_UNDEFINED.has(name);
  return function (this, value, ...args) {
    // Jinja2's StrictUndefined: a filter applied to an undefined value fails with that value's name
    if (strict) {
      if (value instanceof PlainUndefined && name in PLAIN_UNDEFINED_AS) return PLAIN_UNDEFINED_AS[name];
      if (value instanceof PlainUndefined && READ_AS_TEXT.has(name)) value = '';
      if (value instanceof Undefined) value.fail();
      if (!ARGS_MAY_BE_UNDEFINED.has(name)) for (const a of args) if (a instanceof Undefined) a.fail();
    }
    const ranged = rangeFiltered(name, value, args);
    const out = ranged ? ranged.value : fn.call(this, value, ...args);
    // Ansible's string filters give a NativeJinjaText: the render notes it as one it read
    if (typeof out === 'string' && STRING_TYPE_FILTERS.has(name)) noteNativeText(out);
    return out;
  };
}

const filterNames = new Set<string>();
for (const table of [
  coreFilters,
  collectionFilters,
  itertoolsFilters,
  dataFilters,
  dictFilters,
  encodingFilters,
  randomFilters,
  jinjaTextFilters,
  osPathFilters,
  pprintFilters,
  passwordFilters,
  timeFilters,
  regexFilters,
  mathFilters,
  fileglobFilters,
  urlFilters,
  vaultFilters,
]) {
  for (const [name, fn] of Object.entries(table)) {
    const g = guarded(name, fn);
    env.addFilter(name, g as (...a: any[]) => any);
    env.addFilter(`ansible.builtin.${name}`, g as (...a: any[]) => any);
    filterNames.add(name).add(`ansible.builtin.${name}`);
  }
}
for (const [name, fn] of Object.entries(ipFilters)) {
  env.addFilter(name, guarded(name, fn) as (...a: any[]) => any);
  filterNames.add(name);
}
// nunjucks' own filters we did not replace stay usable (e.g. safe, escape, striptags, groupby)
for (const name of Object.keys((env as unknown as { filters: Record<string, unknown> }).filters))
  filterNames.add(name);

export const known: KnownNames = { filters: filterNames, tests: registerTests() };

/** Names a template may use besides variables (variables shadow them). */
export const globals: Record<string, unknown> = {
  ...jinjaGlobals,
  range: pyRange,
  lookup: lookupGlobal,
  query: queryGlobal,
  q: queryGlobal,
  now: nowGlobal,
  dict: (...args: unknown[]) => {
    const { pos, kw } = splitKwargs(args);
    return pyDict(pos, kw);
  },
  omit: OMIT,
  // Ansible's undef(hint): an undefined value that fails with the hint if it is ever used
  undef: (...args: unknown[]) => {
    const { pos, kw } = splitKwargs(args);
    const hint = pos[0] ?? kw.hint;
    return hinted('undef', hint === undefined || hint === null ? UNDEF_HINT : String(hint));
  },
};
