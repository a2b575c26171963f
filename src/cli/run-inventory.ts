import { limitWarnings, loadInventory, selectHosts } from '../inventory/index.js';
import type { Inventory } from '../inventory/types.js';
import type { Config } from '../config/index.js';
import { UsageError } from '../errors.js';
import { displayWarning } from './display-warning.js';
import { emptyInventoryWarning } from './empty-inventory.js';
import { inventorySettings } from './inventory-settings.js';

/** The inventory of a run, a listing or --syntax-check, read and checked. */
export interface RunInventory {
  inventory: Inventory;
  /** the -i sources, or the configured ones */
  sources: string[];
  /** reads the sources again (meta: refresh_inventory), with their warnings */
  reload: () => Inventory;
  /** the --limit warnings printed: the run's output does not repeat them (Ansible's display) */
  warningsShown: string[];
}

/**
 * The inventory as ansible-playbook 2.14 reads it before its plays, its listings and --syntax-check
 * (CLI.get_host_list), with the same warnings in the same order: no inventory parsed, what the
 * sources hold that no format parses, no hosts in it, then --limit checked.
 */
export function readRunInventory(
  flags: { inventory: string[] },
  config: Config,
  opts: { limit?: string; playbookDir: string; warn: (text: string) => void },
): RunInventory {
  const sources = inventorySources(flags, config, opts.warn);
  const loadOpts = { playbookDir: opts.playbookDir, ...inventorySettings(config) };
  const read = (): Inventory => {
    const inv = loadInventory(sources, loadOpts);
    for (const w of inv.warnings ?? []) opts.warn(`[WARNING]: ${w}\n`);
    return inv;
  };
  const inventory = read();
  // before --limit applies
  opts.warn(emptyInventoryWarning(inventory, config));
  const warningsShown = checkLimit(inventory, opts.limit, config.hostPatternMismatch, opts.warn);
  return { inventory, sources, reload: read, warningsShown };
}

/** Like ansible-playbook, no inventory at all leaves only the implicit localhost (with a warning). */
function inventorySources(
  flags: { inventory: string[] },
  config: Config,
  warn: (text: string) => void,
): string[] {
  const list = flags.inventory.length ? flags.inventory : config.inventory.value;
  if (!list.length) warn('[WARNING]: No inventory was parsed, only implicit localhost is available\n');
  return list;
}

/**
 * --limit as ansible-playbook 2.14 checks it once the inventory is read (CLI.get_host_list): each
 * part that matches nothing is `Could not match supplied host pattern` ([inventory]
 * host_pattern_mismatch: warned, ignored or the error); a limit that leaves no host of `all` is
 * an error, except on an inventory without hosts, whose run goes on (its plays match no host, or
 * the implicit localhost the limit names). Returns the warnings printed.
 */
function checkLimit(
  inv: Inventory,
  limit: string | undefined,
  mismatch: Config['hostPatternMismatch'],
  warn: (text: string) => void,
): string[] {
  if (limit === undefined) return [];
  for (const part of limit.split(',')) {
    const re = part.replace(/^[!&]/, '');
    if (!re.startsWith('~')) continue;
    try {
      new RegExp(re.slice(1));
    } catch (e) {
      throw new UsageError(
        `--limit '${limit}': '${re}' is not a valid regular expression (${(e as Error).message})`,
      );
    }
  }
  const hadHosts = selectHosts(inv, 'all').length > 0;
  const shown: string[] = [];
  for (const w of limitWarnings(inv, limit)) {
    if (mismatch?.value === 'error')
      throw new UsageError(w, `a part of --limit '${limit}', and [inventory] host_pattern_mismatch is error`);
    if (mismatch?.value === 'ignore') continue;
    warn(displayWarning(w));
    shown.push(w);
  }
  if (hadHosts && !selectHosts(inv, 'all', limit).length)
    throw new UsageError(
      'Specified inventory, host pattern and/or --limit leaves us with no hosts to target',
      `--limit '${limit}' matches none of the inventory's hosts (see \`fabplay inventory -i ... --list\`)`,
    );
  return shown;
}
