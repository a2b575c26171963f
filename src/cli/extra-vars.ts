import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { KvError, parseKv } from '../playbook/kv.js';
import { displayPath, readYaml } from '../playbook/read-yaml.js';
import { combineAll } from '../vars/hash-behaviour.js';
import { parseYaml, posOf } from '../yaml/load.js';

/**
 * `-e` values, as ansible-playbook reads them: `key=value` words, `@file.yml` (YAML or JSON),
 * or inline JSON/YAML starting with `{`. Later values win, key by key.
 */

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkNames(vars: Record<string, unknown>, source: string): void {
  for (const k of Object.keys(vars))
    if (!VAR_NAME.test(k))
      throw new UsageError(
        `-e ${source}: '${k}' is not a valid variable name`,
        'names are letters, digits and _, not starting with a digit',
      );
}

function fromFile(spec: string, cwd: string): Record<string, unknown> {
  const name = spec.slice(1);
  if (!name) throw new UsageError("-e '@': give a file name after @", 'e.g. -e @vars.yml');
  const file = resolve(cwd, name);
  // the loader's hint (paths relative to the playbook) would mislead here
  if (!existsSync(file))
    throw new InputError(
      `-e @${name}: file not found`,
      undefined,
      `looked for ${file}; a relative name is read from the current directory`,
    );
  const doc = readYaml(file);
  if (doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError(
      `-e @${name}: the file must hold a mapping of variable names to values`,
      posOf(doc) ?? { file: displayPath(file), line: 1, col: 1 },
    );
  const vars = doc as Record<string, unknown>;
  for (const k of Object.keys(vars))
    if (!VAR_NAME.test(k))
      throw new InputError(`-e @${name}: '${k}' is not a valid variable name`, posOf(vars, k));
  return vars;
}

function fromInline(spec: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseYaml(spec, '-e');
  } catch (e) {
    throw new UsageError(
      `-e '${spec}': not valid JSON/YAML (${(e as Error).message.split('\n')[0]})`,
      `quote the whole value for the shell, e.g. -e '{"port": 80}'`,
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(`-e '${spec}': must be a mapping, e.g. -e '{"port": 80}'`);
  checkNames(doc as Record<string, unknown>, `'${spec}'`);
  return doc as Record<string, unknown>;
}

function fromKeyValue(spec: string): Record<string, unknown> {
  let parsed;
  try {
    parsed = parseKv(spec);
  } catch (e) {
    if (e instanceof KvError) throw new UsageError(`-e '${spec}': ${e.message}`);
    throw e;
  }
  if (!parsed.rest.length) return parsed.args;
  // Ansible's parse_kv keeps the words that are no key=value as the variable `_raw_params` and
  // the run goes on (gathering_facts passes `-e 'ansible_facts_parallel: False'`): so does fabplay
  process.stderr.write(
    `[WARNING]: -e '${spec}': ${parsed.rest.join(' ')} is no key=value; it is the variable _raw_params\n`,
  );
  return { ...parsed.args, _raw_params: parsed.rest.join(' ') };
}

/** One -e value as variables. */
export function parseExtraVar(spec: string, cwd = process.cwd()): Record<string, unknown> {
  const s = spec.trim();
  if (!s) throw new UsageError('-e needs a value', 'e.g. -e port=80, -e @vars.yml or -e \'{"port": 80}\'');
  if (s.startsWith('@')) return fromFile(s, cwd);
  if (s.startsWith('{') || s.startsWith('[')) return fromInline(s);
  return fromKeyValue(s);
}

/** All -e values combined in order (a later value replaces an earlier one of the same name, or merges with hash_behaviour=merge). */
export function parseExtraVars(specs: string[], cwd = process.cwd()): Record<string, unknown> {
  return combineAll(specs.map((s) => parseExtraVar(s, cwd)));
}
