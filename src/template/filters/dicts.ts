import { FilterError, FilterTypeError } from '../errors.js';
import { memberLookup, splitKwargs } from '../members.js';
import { isPlainObject, pyIn, pyRepr, pyStr, truthy, typeName } from '../python.js';
import { Undefined } from '../undefined.js';
import { pyJson } from '../../util/python-json.js';
import type { FilterTable } from './types.js';
import { copyKeyTypes, keyOf, putKey } from '../../util/py-dict-keys.js';
import { checkHashable } from '../dict-keys.js';
import { pyTuple } from '../../util/py-tuple.js';

/** Dicts as Ansible builds them: combine (merge_hash), dict2items, items2dict, subelements. */

const LIST_MERGES = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'] as const;
type ListMerge = (typeof LIST_MERGES)[number];

function mergeLists(a: unknown[], b: unknown[], how: ListMerge): unknown[] {
  switch (how) {
    case 'keep':
      return a;
    case 'append':
      return [...a, ...b];
    case 'prepend':
      return [...b, ...a];
    case 'append_rp':
      return [...a.filter((x) => !pyIn(b, x)), ...b];
    case 'prepend_rp':
      return [...b, ...a.filter((x) => !pyIn(b, x))];
    default:
      return b;
  }
}

/** Ansible's merge_hash: b wins; with recursive, dicts merge deeply. */
export function mergeHash(
  a: unknown,
  b: unknown,
  recursive: boolean,
  how: ListMerge,
): Record<string, unknown> {
  if (!isPlainObject(a) || !isPlainObject(b))
    throw new FilterError(
      `failed to combine variables, expected dicts but got a '${typeName(a)}' and a '${typeName(b)}': \n${pyJson(a)}\n${pyJson(b)}`,
    );
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    if (recursive && isPlainObject(old) && isPlainObject(v)) out[k] = mergeHash(old, v, true, how);
    else if (Array.isArray(old) && Array.isArray(v)) out[k] = mergeLists(old, v, how);
    else out[k] = v;
  }
  copyKeyTypes(a, out);
  copyKeyTypes(b, out);
  return out;
}

/** Ansible's recursive_check_defined: an undefined value anywhere inside fails with its name. */
function checkDefined(v: unknown, depth = 0): void {
  if (v instanceof Undefined) v.fail();
  if (depth > 100) return;
  if (Array.isArray(v)) for (const x of v) checkDefined(x, depth + 1);
  else if (isPlainObject(v)) for (const x of Object.values(v)) checkDefined(x, depth + 1);
}

/** `dict1 | combine(dict2, ...)` or `[dict1, dict2] | combine`: the terms one level flat, nulls dropped. */
function combine(value: unknown, ...args: unknown[]): unknown {
  const { pos, kw } = splitKwargs(args);
  const { recursive = false, list_merge: listMerge = 'replace', ...rest } = kw;
  if (Object.keys(rest).length)
    throw new FilterError("'recursive' and 'list_merge' are the only valid keyword arguments");
  if (!LIST_MERGES.includes(listMerge as ListMerge))
    throw new FilterError(
      "merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'",
    );
  const dicts = [value, ...pos]
    .flatMap((d) => (Array.isArray(d) ? d : [d]))
    .filter((d) => d !== null && d !== undefined && d !== 'None' && d !== 'null');
  checkDefined(dicts);
  if (dicts.length === 0) return {};
  if (dicts.length === 1) return dicts[0];
  // from the last (highest priority) back, as Ansible merges
  let out = dicts[dicts.length - 1];
  for (let i = dicts.length - 2; i >= 0; i--)
    out = mergeHash(dicts[i], out, truthy(recursive), listMerge as ListMerge);
  return out;
}

function subelements(value: unknown, path: unknown, skipMissing: unknown = false): unknown[] {
  const elements = isPlainObject(value) ? Object.values(value) : Array.isArray(value) ? value : undefined;
  if (!elements) throw new FilterError('obj must be a list of dicts or a nested dict');
  const keys = Array.isArray(path) ? path : typeof path === 'string' ? path.split('.') : undefined;
  if (!keys) throw new FilterTypeError('subelements must be a list or a string');
  const skip = truthy(isPlainObject(skipMissing) ? skipMissing.skip_missing : skipMissing);
  const out: unknown[] = [];
  for (const element of elements) {
    let values: unknown = element;
    for (const key of keys) {
      // Python's values[key]: a list takes only numbers, a scalar nothing
      if (!isPlainObject(values) && !(Array.isArray(values) && typeof key === 'number'))
        throw new FilterTypeError(
          `the key ${pyStr(key)} should point to a dictionary, got '${pyStr(values)}'`,
        );
      const next = memberLookup(values, key, pyStr(key));
      if (next instanceof Undefined) {
        if (skip) {
          values = [];
          break;
        }
        throw new FilterError(`could not find ${pyRepr(key)} key in iterated item ${pyRepr(values)}`);
      }
      values = next;
    }
    if (!Array.isArray(values))
      throw new FilterTypeError(
        `the key ${pyRepr(keys[keys.length - 1])} should point to a list, got ${pyRepr(values)}`,
      );
    for (const v of values) out.push(pyTuple([element, v]));
  }
  return out;
}

/** `seq[i]` as Python indexes a list or a tuple (from the end when negative) */
function itemAt(seq: unknown[], i: number): unknown {
  if (i >= seq.length || i < -seq.length) throw new FilterError(`${typeName(seq)} index out of range`);
  return seq.at(i);
}

export const dictFilters: FilterTable = {
  combine,
  subelements,
  dict2items(value, ...args) {
    const { kw } = splitKwargs(args);
    if (!isPlainObject(value))
      throw new FilterTypeError(
        `dict2items requires a dictionary, got <class '${typeName(value)}'> instead.`,
      );
    const k = pyStr(kw.key_name ?? 'key');
    const v = pyStr(kw.value_name ?? 'value');
    return Object.keys(value).map((key) => ({ [k]: keyOf(value, key), [v]: value[key] }));
  },
  items2dict(value, ...args) {
    const { kw } = splitKwargs(args);
    const k = pyStr(kw.key_name ?? 'key');
    const v = pyStr(kw.value_name ?? 'value');
    if (!Array.isArray(value))
      throw new FilterTypeError(`items2dict requires a list, got <class '${typeName(value)}'> instead.`);
    const out: Record<string, unknown> = {};
    for (const item of value) {
      // Python's item[0] of a pair (`d | dictsort | items2dict(key_name=0, value_name=1)`)
      if (Array.isArray(item) && Number.isInteger(kw.key_name) && Number.isInteger(kw.value_name)) {
        const [key, val] = [itemAt(item, kw.key_name as number), itemAt(item, kw.value_name as number)];
        checkHashable(key);
        putKey(out, key, val);
        continue;
      }
      if (!isPlainObject(item))
        throw new FilterTypeError(
          `items2dict requires a list of dictionaries, got ${pyRepr(value)} instead.`,
        );
      if (!(k in item) || !(v in item))
        throw new FilterTypeError(
          `items2dict requires each dictionary in the list to contain the keys '${k}' and '${v}', got ${pyRepr(value)} instead.`,
        );
      checkHashable(item[k]);
      putKey(out, item[k], item[v]);
    }
    return out;
  },
};
