// Ansible's YAML inventory format (plugins/inventory/yaml.py): groups with hosts, vars and children.
import { InputError, didYouMean, type SourcePos } from '../errors.js';
import { posOf } from '../yaml/load.js';
import { expandHostPattern } from './address.js';
import { addChild, addGroup, addHost, setVariable } from './model.js';
import type { Inventory } from './types.js';
import { isBoxedFloat } from '../util/py-float.js';
import { keyOf } from '../util/py-dict-keys.js';

type Mapping = Record<string, unknown>;

/** A `plugin:` file: Ansible runs the plugin; fabplay has none, and refuses rather than skip it. */
export class PluginConfigError extends InputError {}

function isMapping(v: unknown): v is Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !isBoxedFloat(v);
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (v === null) return 'null';
  if (isBoxedFloat(v)) return 'number';
  return typeof v === 'object' ? 'mapping' : typeof v;
}

/** Fills `inv` from a loaded YAML inventory document (a mapping of top-level groups). */
export function parseYamlInventory(inv: Inventory, data: unknown, file: string): void {
  const top: SourcePos = { file, line: 1, col: 1 };
  if (data === null || data === undefined || data === '') {
    throw new InputError(
      'parsed empty YAML inventory',
      top,
      'an inventory needs at least one group, e.g. all: {hosts: {web1: {}}}',
    );
  }
  if (!isMapping(data)) {
    throw new InputError(
      `YAML inventory has invalid structure, it should be a mapping, got: ${kindOf(data)}`,
      posOf(data) ?? top,
      'the top level maps group names (usually just `all`) to hosts, vars and children',
    );
  }
  if (data['plugin'])
    throw new PluginConfigError(
      'inventory plugin configuration files are not supported',
      posOf(data, 'plugin') ?? top,
      // Ansible's inventory plugins (and a plugin of one's own) are Python
      'list the hosts in an INI or YAML inventory, or in an executable script that prints them as JSON (--list)',
    );
  for (const [name, body] of Object.entries(data)) parseGroup(inv, name, body, posOf(data, name) ?? top);
}

function parseGroup(inv: Inventory, asked: string, body: unknown, pos: SourcePos): string {
  if (body !== null && !isMapping(body)) {
    inv.warnings?.push(
      `Skipping '${asked}' as this is not a valid group definition (${pos.file}:${pos.line})`,
    );
    return asked;
  }
  const name = addGroup(inv, asked, pos).name;
  if (body === null) return name;
  for (const section of ['vars', 'children', 'hosts']) {
    if (!(section in body)) continue;
    // a lone string is allowed and means one key with no value
    if (typeof body[section] === 'string') body[section] = { [body[section] as string]: null };
    const v = body[section];
    if (v !== null && !isMapping(v)) {
      throw new InputError(
        `invalid "${section}" entry for "${name}" group, requires a mapping, found ${kindOf(v)} instead`,
        posOf(body, section) ?? pos,
        section === 'hosts'
          ? 'list hosts as keys: `hosts: {web1: {}, web2: {ansible_host: 10.0.0.2}}` (block style: `web1:` on its own line)'
          : `write ${section} as a mapping`,
      );
    }
  }
  for (const [key, value] of Object.entries(body)) {
    const keyPos = posOf(body, key) ?? pos;
    if (value === null) continue;
    if (!isMapping(value)) {
      inv.warnings?.push(
        `Skipping key (${key}) in group (${name}) as it is not a mapping, it is a ${kindOf(value)}`,
      );
      continue;
    }
    if (key === 'vars') {
      for (const [k, v] of Object.entries(value)) setVariable(inv, name, k, v, posOf(value, k) ?? keyPos);
    } else if (key === 'children') {
      for (const [child, childBody] of Object.entries(value)) {
        const childPos = posOf(value, child) ?? keyPos;
        addChild(inv, name, parseGroup(inv, child, childBody, childPos), childPos);
      }
    } else if (key === 'hosts') {
      for (const [pattern, hostVars] of Object.entries(value)) {
        const hostPos = posOf(value, pattern) ?? keyPos;
        // `1234:` is the number 1234 in YAML; Ansible refuses to guess the name it stands for
        if (typeof keyOf(value, pattern) !== 'string')
          throw new InputError(
            `Host pattern ${pattern} must be a string. Enclose integers/floats in quotation marks.`,
            hostPos,
            `write it '${pattern}':`,
          );
        const vars = hostVars ?? {};
        if (!isMapping(vars)) {
          throw new InputError(
            `host '${pattern}' in group "${name}": expected a mapping of variables, got ${kindOf(vars)}`,
            hostPos,
            'give host variables as `name: value` lines under the host, or leave the host empty',
          );
        }
        const { hosts, port } = expandHostPattern(pattern, hostPos);
        for (const h of hosts) {
          addHost(inv, h, name, port, hostPos);
          for (const [k, v] of Object.entries(vars)) setVariable(inv, h, k, v, posOf(vars, k) ?? hostPos);
        }
      }
    } else {
      // Ansible skips it with a warning; the hosts or vars under it are then lost without a word
      const guess = didYouMean(key, ['vars', 'children', 'hosts']);
      throw new InputError(
        `unexpected key '${key}' in group '${name}': only vars, children and hosts are valid`,
        keyPos,
        guess ? `write '${guess}'` : 'put the entries under vars:, children: or hosts:',
      );
    }
  }
  return name;
}
