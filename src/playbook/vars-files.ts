import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, type SourcePos } from '../errors.js';
import { combineInto } from '../vars/hash-behaviour.js';
import { posOf } from '../yaml/load.js';
import { displayPath, readYaml } from './read-yaml.js';

/** Loads a YAML file that must hold a mapping of variables (an empty file is `{}`). */
export function loadVarsFile(file: string, from?: SourcePos): Record<string, unknown> {
  const doc = readYaml(file, from);
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError(
      `a vars file must be a mapping of variable names to values, not ${Array.isArray(doc) ? 'a list' : typeof doc}`,
      posOf(doc) ?? { file: displayPath(file), line: 1, col: 1 },
    );
  return doc as Record<string, unknown>;
}

/**
 * A play's `vars_files` entry: a mapping, or (as Ansible's preprocess_vars allows) a list of
 * mappings merged in order; an empty file is `{}`.
 */
export function loadPlayVarsFile(file: string, from?: SourcePos): Record<string, unknown> {
  const doc = readYaml(file, from);
  if (!Array.isArray(doc)) return loadVarsFile(file, from);
  const out: Record<string, unknown> = {};
  doc.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new InputError(
        'a vars file must hold a mapping of variables, or a list of mappings',
        posOf(doc, i) ?? { file: displayPath(file), line: 1, col: 1 },
      );
    Object.assign(out, item);
  });
  return out;
}

const VAR_EXTS = ['', '.yml', '.yaml', '.json'];

/**
 * A role's `defaults/NAME` or `vars/NAME`: NAME.yml, NAME.yaml, NAME.json, NAME, or a NAME/ directory
 * whose files are merged in name order. Undefined when none exists.
 */
export function findVarsSource(dir: string, name: string): string | undefined {
  for (const ext of VAR_EXTS) {
    const p = resolve(dir, name + ext);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function loadVarsSource(path: string, from?: SourcePos): Record<string, unknown> {
  if (!statSync(path).isDirectory()) return loadVarsFile(path, from);
  const merged: Record<string, unknown> = {};
  for (const f of readdirSync(path).sort()) {
    const full = join(path, f);
    if (statSync(full).isDirectory()) combineInto(merged, loadVarsSource(full, from));
    else if (/\.(ya?ml|json)$/.test(f) || !f.includes('.')) combineInto(merged, loadVarsFile(full, from));
  }
  return merged;
}

/** The first of `NAME.yml`, `NAME.yaml`, `NAME` that exists in dir. */
export function findYamlFile(dir: string, name: string): string | undefined {
  for (const ext of ['.yml', '.yaml', '']) {
    // an absolute name stands for itself, as with Python's os.path.join
    const p = resolve(dir, name + ext);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return undefined;
}
