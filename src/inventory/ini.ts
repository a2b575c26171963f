// Ansible's INI inventory format (plugins/inventory/ini.py), line by line with the same rules.
import { InputError, type SourcePos } from '../errors.js';
import { expandHostPattern } from './address.js';
import { addChild, addGroup, addHost, setVariable } from './model.js';
import { iniValue } from '../util/py-literal.js';
import { ShlexError, shlexSplit } from './shlex.js';
import type { Inventory } from './types.js';
import { safeGroupName } from './group-names.js';

const sectionRe = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const groupNameRe = /^([^:\]\s]+)\s*(?:#.*)?$/;

interface Pending {
  line: number;
  state: 'vars' | 'children';
  name: string;
  parents: string[];
}

/** Parses INI inventory text into `inv`; errors carry file:line. */
export function parseIniInventory(inv: Inventory, text: string, file: string): void {
  const pending = new Map<string, Pending>();
  let group = 'ungrouped';
  let state = 'hosts';
  const lines = text.split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    const pos: SourcePos = { file, line: n + 1, col: 1 };
    const raw = lines[n]!;
    const line = raw.trim();
    if (!line || line[0] === '#' || line[0] === ';') continue;
    pos.col = raw.indexOf(line[0]!) + 1;

    const m = sectionRe.exec(line);
    if (m) {
      // Ansible makes the header's name safe first (a child line's name is taken as written)
      group = inv.groups.has(m[1]!) ? m[1]! : safeGroupName(inv, m[1]!);
      state = m[2] ?? 'hosts';
      if (!['hosts', 'children', 'vars'].includes(state)) {
        throw new InputError(
          `section [${group}:${state}] has unknown type: ${state}`,
          pos,
          'a section is [group], [group:children] or [group:vars]',
        );
      }
      if (!inv.groups.has(group)) {
        if (state === 'vars' && !pending.has(group))
          pending.set(group, { line: n + 1, state, name: group, parents: [] });
        addGroup(inv, group, pos);
      }
      const p = pending.get(group);
      if (p && state !== 'vars') {
        if (p.state === 'children') addPendingChildren(inv, group, pending);
        else pending.delete(group);
      }
      continue;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      throw new InputError(
        `invalid section entry: '${line}'`,
        pos,
        'a section name may not contain spaces or other invalid characters, e.g. [web_servers]',
      );
    }

    if (state === 'hosts') parseHostLine(inv, line, group, pos);
    else if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0)
        throw new InputError(
          `expected key=value, got: ${line}`,
          pos,
          `write variables as name=value under [${group}:vars]`,
        );
      setVariable(inv, group, line.slice(0, eq).trim(), iniValue(line.slice(eq + 1).trim()), pos);
    } else {
      const cm = groupNameRe.exec(line);
      if (!cm)
        throw new InputError(
          `expected group name, got: ${line}`,
          pos,
          `list one group name per line under [${group}:children]`,
        );
      const child = cm[1]!;
      if (!inv.groups.has(child)) {
        const p = pending.get(child);
        if (p) p.parents.push(group);
        else pending.set(child, { line: n + 1, state: 'children', name: child, parents: [group] });
      } else addChild(inv, group, child, pos);
    }
  }
  for (const p of pending.values()) {
    const pos = { file, line: p.line, col: 1 };
    if (p.state === 'vars') {
      throw new InputError(
        `section [${p.name}:vars] not valid for undefined group: ${p.name}`,
        pos,
        `declare the group with a [${p.name}] or [${p.name}:children] section, or list it as a child`,
      );
    }
    throw new InputError(
      `section [${p.parents[p.parents.length - 1]}:children] includes undefined group: ${p.name}`,
      pos,
      `declare the group with a [${p.name}] section (it may be empty)`,
    );
  }
}

function addPendingChildren(inv: Inventory, group: string, pending: Map<string, Pending>): void {
  for (const parent of pending.get(group)!.parents) {
    addChild(inv, parent, group);
    if (pending.get(parent)?.state === 'children') addPendingChildren(inv, parent, pending);
  }
  pending.delete(group);
}

function parseHostLine(inv: Inventory, line: string, group: string, pos: SourcePos): void {
  let tokens: string[];
  try {
    tokens = shlexSplit(line);
  } catch (e) {
    throw new InputError(
      `error parsing host definition '${line}': ${(e as ShlexError).message}`,
      pos,
      'close the quotes',
    );
  }
  if (!tokens.length) return;
  const pattern = tokens[0]!;
  const { hosts, port } = expandHostPattern(pattern, pos);
  if (pattern.trim().endsWith(':') && port === undefined) {
    throw new InputError(
      `invalid host pattern '${pattern}': ending in ':' is not allowed, this character is reserved to provide a port`,
      pos,
      'write host:port, e.g. web1:2222',
    );
  }
  if (hosts.some((h) => h.trim() === '---')) {
    throw new InputError(
      `invalid host pattern '${pattern}'`,
      pos,
      "'---' is normally a sign this is a YAML file: name it .yml",
    );
  }
  const vars: [string, unknown][] = [];
  for (const t of tokens.slice(1)) {
    const eq = t.indexOf('=');
    if (eq < 0) {
      throw new InputError(
        `expected key=value host variable assignment, got: ${t}`,
        pos,
        'host variables go on the host line as name=value; quote values with spaces',
      );
    }
    vars.push([t.slice(0, eq), iniValue(t.slice(eq + 1))]);
  }
  for (const h of hosts) {
    addHost(inv, h, group, port, pos);
    for (const [k, v] of vars) setVariable(inv, h, k, v, pos);
  }
}
