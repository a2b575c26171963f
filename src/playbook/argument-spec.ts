import { join } from 'node:path';
import { InputError, type SourcePos } from '../errors.js';
import { posOf } from '../yaml/load.js';
import { displayPath, readYaml } from './read-yaml.js';
import { checkArgumentSpecsFile } from './schema.js';
import { IMPLEMENTED_SPEC_KEYS, specKeyRefused } from './arg-spec-validator.js';
import type { ArgumentSpec, ArgumentSpecOption } from './types.js';
import { findYamlFile } from './vars-files.js';

/**
 * meta/argument_specs.yml (or argument_specs: in meta/main.yml). The check Ansible runs when a role
 * starts is its validate_argument_spec (arg-spec-validator.ts), the same here.
 */

/** Reads the spec of one entry point (`main`, or the tasks_from name); undefined when none. */
export function parseArgumentSpecs(
  rolePath: string,
  metaDoc: Record<string, unknown> | undefined,
  entryPoint: string,
): ArgumentSpec | undefined {
  const file = findYamlFile(join(rolePath, 'meta'), 'argument_specs');
  let doc: unknown;
  let where: string;
  if (file) {
    doc = readYaml(file);
    where = displayPath(file);
  } else if (metaDoc && 'argument_specs' in metaDoc) {
    doc = { argument_specs: metaDoc.argument_specs };
    where = displayPath(join(rolePath, 'meta/main.yml'));
  } else return undefined;
  // Ansible reads `(doc or {}).get('argument_specs') or {}`: an empty file, a file that is not a
  // mapping, or an empty `argument_specs:` is a role without a spec
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const given = (doc as { argument_specs?: unknown }).argument_specs;
  const empty = typeof given === 'object' && given !== null && Object.keys(given).length === 0;
  if (!given || empty) return undefined;
  checkArgumentSpecsFile(doc, where);
  const specs = (doc as { argument_specs: Record<string, Record<string, unknown>> }).argument_specs;
  const entry = specs[entryPoint];
  if (!entry) return undefined;
  const options = (entry.options ?? {}) as Record<string, unknown>;
  const refused = specKeyRefused(options);
  if (refused)
    throw new InputError(
      `argument specs: ${entryPoint}.options.${refused}: fabplay's role check does not implement '${refused.split('.').pop()}'`,
      posAt(options, refused.split('.')) ?? posOf(entry) ?? { file: where, line: 1, col: 1 },
      `it checks ${IMPLEMENTED_SPEC_KEYS}; check this role with ansible-playbook, or drop the key`,
    );
  return {
    entryPoint,
    short_description: entry.short_description as string | undefined,
    options: (entry.options ?? {}) as Record<string, ArgumentSpecOption>,
    pos: posOf(entry) ?? { file: where, line: 1, col: 1 },
  };
}

/** Where a `name.sub.key` path of specKeyRefused stands: sub-options sit under each option's `options`. */
function posAt(options: Record<string, unknown>, path: string[]): SourcePos | undefined {
  let node: unknown = options;
  let pos: SourcePos | undefined;
  for (const [i, part] of path.entries()) {
    if (!node || typeof node !== 'object') break;
    pos = posOf(node, part) ?? pos;
    node = (node as Record<string, unknown>)[part];
    if (i < path.length - 2) node = (node as { options?: unknown } | undefined)?.options;
  }
  return pos;
}
