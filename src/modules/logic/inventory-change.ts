import { defineModule, ModuleFailure, normaliseArgs } from '../lib/args.js';
import { parseAddress } from '../../inventory/address.js';

/**
 * group_by and add_host, as Ansible's action plugins: they only describe the change (`add_group`
 * with `parent_groups`, or `add_host` with host_name, groups, host_vars); the executor applies it
 * to the in-memory inventory (executor/dynamic-inventory.ts) and sets `changed` from what it did.
 */

/** A list of names, or a string of them split on commas (add_host's groups), each trimmed. */
function names(v: unknown, what: string, split: boolean): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (typeof v === 'string') return split ? v.split(',').map((s) => s.trim()) : [v];
  if (Array.isArray(v)) return v.map((x) => String(x).trim());
  throw new ModuleFailure(`${what} must be specified as a list.`);
}

export const groupBy = defineModule({
  name: 'group_by',
  args: {
    key: { type: 'string' },
    parents: { type: 'any' },
  },
  supportsCheck: true,
  supportsDiff: false,
  async run(_ctx, args) {
    if (args.key === undefined)
      return { changed: false, failed: true, msg: "the 'key' param is required when using group_by" };
    const parents = args.parents === undefined ? ['all'] : names(args.parents, 'parents', false);
    return {
      changed: false,
      add_group: args.key.replace(/ /g, '-'),
      parent_groups: parents.map((p) => p.replace(/ /g, '-')),
    };
  },
});

/**
 * add_host's free-form value (`add_host: "{{ a_mapping }}"`), which Ansible's action merges into
 * its arguments: a mapping, or the task fails as Ansible's does.
 */
function withRawParams(args: Record<string, unknown>): Record<string, unknown> {
  const { _raw_params: raw, ...rest } = args;
  if (raw === undefined) return args;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ModuleFailure(
      `Invalid raw parameters passed, requires a dictonary/mapping got a  <class '${typeof raw === 'string' ? 'str' : Array.isArray(raw) ? 'list' : typeof raw}'>`,
    );
  // its names and aliases read as if written as arguments
  return normaliseArgs(ADD_HOST_ARGS, { ...rest, ...(raw as Record<string, unknown>) }, true);
}

const ADD_HOST_ARGS = {
  name: { type: 'string', aliases: ['host', 'hostname'] },
  groups: { type: 'any', aliases: ['group', 'groupname'] },
} as const;

export const addHost = defineModule({
  name: 'add_host',
  // every other key is a variable of the new host
  args: ADD_HOST_ARGS,
  freeKeys: true,
  supportsCheck: true,
  supportsDiff: false,
  async run(_ctx, args) {
    const { name: given, groups, ...hostVars } = withRawParams(args as Record<string, unknown>);
    if (given === undefined || given === null)
      throw new ModuleFailure('name, host or hostname needs to be provided');
    const text = String(given);
    // `host:port` gives the port; text that is no valid address is kept whole
    const addr = parseAddress(text, false);
    if (addr?.port) hostVars.ansible_ssh_port = addr.port;
    const list: string[] = [];
    for (const g of names(groups, 'Groups', true)) if (!list.includes(g)) list.push(g);
    return {
      changed: false,
      add_host: { host_name: addr?.host ?? text, groups: list, host_vars: hostVars },
    };
  },
});
