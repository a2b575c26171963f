// `fabplay inventory`: the inventory as fabplay reads it, printed like ansible-inventory.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { addVaultOptions, type VaultFlags } from './vault-options.js';

interface InventoryFlags extends VaultFlags {
  inventory: string[];
  list?: boolean;
  graph?: boolean;
  host?: string;
  vars?: boolean;
  export?: boolean;
  playbookDir?: string;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

async function run(group: string | undefined, flags: InventoryFlags): Promise<void> {
  // imported here, not at the CLI's start (see run-cmd.ts)
  const { loadConfig } = await import('../config/index.js');
  const { inventoryGraph, inventoryList, loadInventory, pythonJson, selectHosts, shownHostVars } =
    await import('../inventory/index.js');
  const actions = [flags.list, flags.graph, flags.host !== undefined].filter((x) => x).length;
  if (actions === 0) throw new UsageError('no action selected', 'give one of --list, --graph or --host HOST');
  if (actions > 1) throw new UsageError('conflicting options', 'use only one of --list, --graph or --host');
  const config = loadConfig({
    cwd: process.cwd(),
    env: process.env,
    overrides: flags.inventory.length ? { inventory: flags.inventory } : {},
  });
  const { vaultSecretsOf } = await import('./vault-options.js');
  const { setVaultSecrets } = await import('../vault/keyring.js');
  const { setHashBehaviour } = await import('../vars/hash-behaviour.js');
  setHashBehaviour(config.hashBehaviour?.value ?? 'replace');
  setVaultSecrets(vaultSecretsOf(flags, config));
  const sources = config.inventory.value;
  if (!sources.length)
    throw new UsageError(
      'no inventory given',
      'pass -i INVENTORY, or set inventory in fabplay.cfg / ansible.cfg',
    );
  // like ansible-inventory, the working directory is the playbook directory unless --playbook-dir says otherwise
  const { inventorySettings } = await import('./inventory-settings.js');
  const inv = loadInventory(sources, {
    playbookDir: flags.playbookDir ?? process.cwd(),
    ...inventorySettings(config),
  });
  for (const w of inv.warnings ?? []) process.stderr.write(`[WARNING]: ${w}\n`);
  let out: string;
  if (flags.host !== undefined) {
    const hosts = selectHosts(inv, flags.host);
    if (hosts.length !== 1)
      throw new UsageError(
        `'${flags.host}' does not name a single host`,
        'you must pass a single valid host to --host',
      );
    out = pythonJson(shownHostVars(inv, hosts[0]!));
  } else if (flags.graph) {
    const start = group ?? 'all';
    if (!inv.groups.has(start))
      throw new UsageError(
        `no group named '${start}'`,
        'with --graph, the pattern must be a valid group name',
      );
    out = inventoryGraph(inv, start, { vars: flags.vars }).join('\n');
  } else {
    out = pythonJson(inventoryList(inv, { export: flags.export }));
  }
  process.stdout.write(out + '\n');
}

export function registerInventoryCommand(program: Command): void {
  addVaultOptions(program.command('inventory'))
    .description('show the inventory as fabplay reads it (the output of ansible-inventory)')
    .argument('[group]', 'with --graph: the group to start from (default all)')
    .option(
      '-i, --inventory <source>',
      'inventory file, directory or host list "h1,h2," (repeatable)',
      collect,
      [],
    )
    .option('--list', 'all groups and hosts as JSON, with _meta.hostvars')
    .option('--graph', 'the group tree')
    .option('--host <host>', 'the variables of one host as JSON')
    .option('--vars', 'with --graph: show variables too')
    .option('--export', 'with --list: group vars under each group, host vars as defined (not merged)')
    .option(
      '--playbook-dir <dir>',
      'read group_vars/ and host_vars/ beside this directory too (default: the working directory)',
    )
    .action((group: string | undefined, flags: InventoryFlags) => run(group, flags));
}
