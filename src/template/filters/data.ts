import { createHash } from 'node:crypto';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { quote } from '../../util/shell.js';
import { ansibleFloat, ansibleMap } from '../../yaml/schema.js';
import { FilterError, FilterTypeError } from '../errors.js';
import { splitKwargs } from '../members.js';
import { pyStr, truthy, typeName } from '../python.js';
import { pyYamlDump } from './pyyaml.js';
import { parseJsonFloats } from '../../util/py-float.js';
import { pyJson } from '../../util/python-json.js';
import type { FilterTable } from './types.js';
import { pyTuple } from '../../util/py-tuple.js';
import { jsonReady } from '../undefined.js';

/** Python's os.path.join: an absolute part starts over, nothing is normalised. */
function pyPathJoin(parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (p.startsWith('/')) out = p;
    else if (out === '' || out.endsWith('/')) out += p;
    else out += `/${p}`;
  }
  return out;
}

/** Serialisation, encodings, paths, hashes: to_json, from_yaml, b64encode, basename, quote, hash ... */

const FROM_YAML_SCHEMA = yaml.YAML11_SCHEMA.withTags(ansibleFloat, ansibleMap);

function parseYaml(text: string): unknown {
  // PyYAML loads a text of only blanks and comments as None (Ansible's from_yaml returns it)
  if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) return null;
  try {
    return yaml.load(text, { schema: FROM_YAML_SCHEMA } as yaml.LoadOptions);
  } catch (e) {
    throw new FilterError(`from_yaml: ${(e as Error).message.split('\n')[0]}`);
  }
}

function digest(value: unknown, algo: string): string {
  const name = pyStr(algo).toLowerCase();
  try {
    return createHash(name).update(pyStr(value), 'utf8').digest('hex');
  } catch {
    throw new FilterError(`hash: unsupported hash type ${name}`);
  }
}

/** Ansible's to_uuid: a UUID v5 of the text in Ansible's namespace (stable across runs and hosts). */
function uuid5(name: string, namespace: unknown): string {
  const text = pyStr(namespace);
  const hex = text.replace(/^urn:uuid:/i, '').replace(/[{}-]/g, '');
  // Python's uuid.UUID(): 32 hex digits, braces, hyphens and a urn: prefix allowed; anything else refused
  if (typeof namespace !== 'string' || !/^[0-9a-f]{32}$/i.test(hex))
    throw new FilterError(
      `Invalid value '${text}' for 'namespace': ${typeof namespace === 'string' ? 'badly formed hexadecimal UUID string' : `'${typeName(namespace)}' object has no attribute 'replace'`}`,
    );
  const ns = Buffer.from(hex, 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const COMMENT_STYLES: Record<string, Record<string, string>> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

/** Ansible's comment filter: a style's beginning, prefix lines, each line decorated, postfix lines, end. */
function comment(text: string, style: string, kw: Record<string, unknown>): string {
  const styleParams = COMMENT_STYLES[style];
  if (!styleParams) throw new FilterError(`comment: unknown style '${style}'`);
  const around = pyStr(kw.decoration ?? styleParams.decoration).trimEnd();
  const p: Record<string, unknown> = {
    newline: '\n',
    beginning: '',
    prefix: around,
    prefix_count: 1,
    decoration: '',
    postfix: around,
    postfix_count: 1,
    end: '',
    ...styleParams,
    ...kw,
  };
  const nl = pyStr(p.newline);
  const deco = pyStr(p.decoration);
  const prefix = pyStr(p.prefix);
  const beginning = p.beginning ? pyStr(p.beginning) + nl : '';
  const prefixes = !prefix ? '' : (prefix !== nl ? prefix + nl : nl).repeat(Number(p.prefix_count));
  // each line decorated; a line with only the decoration loses its trailing blanks
  const body = (deco + text.split(nl).join(nl + deco)).split(deco + nl).join(deco.trimEnd() + nl);
  const postfixes = Array.from({ length: Number(p.postfix_count) }, () => nl + pyStr(p.postfix)).join('');
  const end = p.end ? nl + pyStr(p.end) : '';
  return beginning + prefixes + body + postfixes + end;
}

export const dataFilters: FilterTable = {
  to_uuid(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    return uuid5(pyStr(value), pos[0] ?? kw.namespace ?? '361E6D51-FAEC-444A-9079-341386DA8E2E');
  },
  to_json(value, ...args) {
    const { kw } = splitKwargs(args);
    return pyJson(jsonReady(value), {
      indent: kw.indent === undefined ? undefined : Number(kw.indent),
      sortKeys: truthy(kw.sort_keys ?? false),
      ensureAscii: truthy(kw.ensure_ascii ?? true),
    });
  },
  to_nice_json(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    return pyJson(jsonReady(value), {
      indent: Number(pos[0] ?? kw.indent ?? 4),
      sortKeys: truthy(kw.sort_keys ?? true),
      ensureAscii: truthy(kw.ensure_ascii ?? true),
    });
  },
  from_json(value) {
    try {
      return parseJsonFloats(pyStr(value));
    } catch (e) {
      throw new FilterError(`from_json: ${(e as Error).message}`);
    }
  },
  to_yaml(value, ...args) {
    const { kw } = splitKwargs(args);
    // PyYAML's default_flow_style=None (Ansible's default): collections of scalars print inline
    return pyYamlDump(value, Number(kw.indent ?? 2), kw.default_flow_style !== false);
  },
  to_nice_yaml(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    return pyYamlDump(value, Number(pos[0] ?? kw.indent ?? 4), false);
  },
  from_yaml: (value) => (typeof value === 'string' ? parseYaml(value) : value),
  from_yaml_all(value) {
    if (typeof value !== 'string') return value;
    try {
      return yaml.loadAll(pyStr(value), { schema: FROM_YAML_SCHEMA } as yaml.LoadOptions);
    } catch (e) {
      throw new FilterError(`from_yaml_all: ${(e as Error).message.split('\n')[0]}`);
    }
  },
  basename: (value) => {
    const s = pyStr(value);
    return s.endsWith('/') ? '' : path.posix.basename(s);
  },
  dirname: (value) => {
    const s = pyStr(value);
    const i = s.lastIndexOf('/');
    if (i < 0) return '';
    const head = s.slice(0, i + 1);
    return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
  },
  splitext: (value) => {
    const s = pyStr(value);
    const ext = path.posix.extname(s);
    return pyTuple([s.slice(0, s.length - ext.length), ext]);
  },
  expanduser: (value) => pyStr(value).replace(/^~(?=\/|$)/, process.env.HOME ?? '~'),
  realpath: (value) => path.resolve(pyStr(value)),
  path_join(value) {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return pyPathJoin(value.map(pyStr));
    throw new FilterTypeError(
      `|path_join expects string or sequence, got <class '${typeName(value)}'> instead.`,
    );
  },
  quote: (value) => quote(pyStr(value ?? '')),
  hash: (value, algo: unknown = 'sha1') => digest(value, pyStr(algo)),
  checksum: (value) => digest(value, 'sha1'),
  sha1: (value) => digest(value, 'sha1'),
  md5: (value) => digest(value, 'md5'),
  comment(value, ...args) {
    const { pos, kw } = splitKwargs(args);
    return comment(pyStr(value), pyStr(pos[0] ?? kw.style ?? 'plain'), { ...kw, style: undefined });
  },
};
