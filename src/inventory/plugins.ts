// Ansible's [inventory] enable_plugins (ANSIBLE_INVENTORY_ENABLED): which inventory plugins read
// a source, tried in the order listed. fabplay has the formats of host_list, advanced_host_list,
// script, yaml and ini; `auto` (plugin configuration files) and toml it refuses or cannot read.
import { InputError } from '../errors.js';
import { expandHostPattern, parseAddress } from './address.js';
import { addHost } from './model.js';
import type { Inventory } from './types.js';

export const DEFAULT_INVENTORY_PLUGINS = ['host_list', 'script', 'auto', 'yaml', 'ini', 'toml'];

/** A plugin name as Ansible matches it: `ansible.builtin.ini` is `ini`. */
function shortName(name: string): string {
  return name.replace(/^ansible\.builtin\./, '');
}

/** ansible-core 2.14's own inventory plugins. */
const BUILTIN = [
  'advanced_host_list',
  'auto',
  'constructed',
  'generator',
  'host_list',
  'ini',
  'script',
  'toml',
  'yaml',
];

/**
 * Ansible stops when enable_plugins names no plugin it can load (an empty list, names of no plugin);
 * a collection's plugin (`amazon.aws.aws_ec2`) counts: its sources are refused where they are read.
 */
export function checkEnabled(enabled: readonly string[] | undefined): void {
  if (enabled === undefined) return;
  if (!enabled.some((n) => BUILTIN.includes(shortName(n)) || /\w\.\w+\.\w/.test(n)))
    throw new InputError(
      'No inventory plugins available to generate inventory, make sure you have at least one enabled.',
      undefined,
      `[inventory] enable_plugins (ANSIBLE_INVENTORY_ENABLED) names no inventory plugin ('${enabled.join(',')}'): list host_list, advanced_host_list, script, yaml or ini (Ansible's default: ${DEFAULT_INVENTORY_PLUGINS.join(',')})`,
    );
}

/** The enabled plugins among `names`, in the order enable_plugins lists them. */
export function enabledOf(enabled: readonly string[] | undefined, names: readonly string[]): string[] {
  return (enabled ?? DEFAULT_INVENTORY_PLUGINS).map(shortName).filter((n) => names.includes(n));
}

/** Thrown when the host list plugin cannot read the list: the source is then not parsed (a warning). */
export class HostListError extends InputError {}

/**
 * A comma-separated host list ("h1,h2:2222,"). host_list keeps `web[1:3]` as one name;
 * advanced_host_list expands it as an inventory file's range, keeping a range it cannot read whole
 * (`web[1:]`), and fails the source on bounds that are no numbers or letters (`web[1:j]`), as there.
 */
export function readHostList(
  inv: Inventory,
  source: string,
  plugin: 'host_list' | 'advanced_host_list',
): void {
  for (const part of source.split(',')) {
    const h = part.trim();
    if (!h) continue;
    let names = [h];
    let port: number | undefined;
    if (plugin === 'host_list') {
      const addr = parseAddress(h, false);
      names = [addr?.host ?? h];
      port = addr?.port;
    } else {
      try {
        ({ hosts: names, port } = expandHostPattern(h));
      } catch (e) {
        if (e instanceof InputError && /bounds must be numbers or letters/.test(e.message))
          throw new HostListError(`Failed to parse ${source} with advanced_host_list plugin: ${e.message}`);
      }
    }
    for (const name of names) if (!inv.hosts.has(name)) addHost(inv, name, 'ungrouped', port);
  }
}
