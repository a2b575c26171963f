import type { Config } from '../config/index.js';
import { openVaultedSources } from '../executor/vault-preflight.js';
import { loadPlaybook } from '../playbook/index.js';
import { addLibraryDir, resetLibraryModules } from '../playbook/library-modules.js';
import { loadPluginFilter } from '../playbook/plugin-filter.js';
import type { Playbook } from '../playbook/types.js';
import { absolutePath } from '../util/home-path.js';

/** The directories of colon-separated lists (command-line options, environment values), in order. */
function colonSeparated(values: readonly (string | undefined)[]): string[] {
  return values.flatMap((s) => (s ?? '').split(':')).filter(Boolean);
}

/** --roles-path (each colon-separated), FABPLAY_ROLES_PATH, then the config's roles_path. */
export function rolesPathOf(flags: { rolesPath: string[] }, config: Config): string[] {
  const all = [
    ...colonSeparated([...flags.rolesPath, process.env.FABPLAY_ROLES_PATH]),
    ...config.rolesPath.value,
  ];
  return [...new Set(all)];
}

/**
 * Starts the run's module search (playbook/library-modules.ts): it is one for the whole run, as
 * Ansible's loader is. -M's directories (each colon-separated, in the order given) come first,
 * then [defaults] library / ANSIBLE_LIBRARY's.
 */
function startModuleSearch(flags: { modulePath?: string[] }, config: Config): void {
  resetLibraryModules();
  const given = colonSeparated(flags.modulePath ?? []);
  for (const dir of [...given, ...(config.modulePath?.value ?? [])]) addLibraryDir(absolutePath(dir));
}

/** The playbooks, with every vault they hold or name opened (a wrong password stops here). */
export function loadAll(
  files: string[],
  flags: { rolesPath: string[]; modulePath?: string[] },
  extraVars: Record<string, unknown>,
  config: Config,
  warn: (text: string) => void = (t) => void process.stderr.write(t),
): Playbook[] {
  const rolesPath = rolesPathOf(flags, config);
  startModuleSearch(flags, config);
  for (const w of loadPluginFilter(config.pluginFiltersCfg?.value).warnings) warn(`[WARNING]: ${w}\n`);
  const allowMissingHandlers = config.errorOnMissingHandler?.value === false;
  const playbooks = files.map((f) => loadPlaybook(f, { rolesPath, extraVars, allowMissingHandlers }));
  openVaultedSources(playbooks);
  return playbooks;
}
