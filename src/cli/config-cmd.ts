// `fabplay config`: the settings in effect and where each value came from.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/index.js';

const NAMES: Record<string, string> = {
  inventory: 'inventory',
  rolesPath: 'roles_path',
  forks: 'forks',
  remoteUser: 'remote_user',
  remotePort: 'remote_port',
  privateKeyFile: 'private_key_file',
  hostKeyChecking: 'host_key_checking',
  timeout: 'timeout',
  gathering: 'gathering',
  factsModules: 'facts_modules',
  sshArgs: 'ssh_args',
  sshCommonArgs: 'ssh_common_args',
  sshExtraArgs: 'ssh_extra_args',
  transport: 'transport',
  controlPathDir: 'control_path_dir',
  sshRetries: 'retries',
  become: 'become',
  becomeMethod: 'become_method',
  sudoUser: 'become_user (sudo)',
  sudoExe: 'become_exe (sudo)',
  sudoFlags: 'become_flags (sudo)',
  sudoPassword: 'become_pass (sudo)',
  suUser: 'become_user (su)',
  suExe: 'become_exe (su)',
  suFlags: 'become_flags (su)',
  suPassword: 'become_pass (su)',
  suPrompts: 'prompt_l10n (su)',
  becomeAskPass: 'become_ask_pass',
  becomePasswordFile: 'become_password_file',
  connectionPasswordFile: 'connection_password_file',
  agnosticBecomePrompt: 'agnostic_become_prompt',
  becomeAllowSameUser: 'become_allow_same_user',
  vaultPasswordFile: 'vault_password_file',
  vaultIdentityList: 'vault_identity_list',
  vaultIdMatch: 'vault_id_match',
  report: 'report',
  hashBehaviour: 'hash_behaviour',
  transformInvalidGroupChars: 'force_valid_group_names',
  inventoryPlugins: 'enable_plugins',
  pluginFiltersCfg: 'plugin_filters_cfg',
};

/** Settings whose values are secrets: shown masked, here and in --json */
const SECRET = ['sudoPassword', 'suPassword'] as const;

function masked(config: Config): Config {
  const out = { ...config };
  for (const k of SECRET) if (out[k]?.value !== undefined) out[k] = { ...out[k], value: '********' };
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  if (Array.isArray(v)) return v.join(', ') || '(none)';
  return String(v);
}

export function formatConfig(shown: Config): string {
  const config = masked(shown);
  const lines = [`config file = ${config.file ?? '(none)'}`];
  for (const [key, name] of Object.entries(NAMES)) {
    const cv = config[key as keyof Config] as { value: unknown; origin: string } | undefined;
    if (cv) lines.push(`${name} = ${show(cv.value)}  (${cv.origin})`);
  }
  for (const k of config.ignored ?? []) lines.push(`ignored: ${k} (fabplay does not use it)`);
  return lines.join('\n');
}

export function configJson(config: Config): string {
  return JSON.stringify(masked(config), null, 2);
}

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description('print the configuration in effect and where each value came from')
    .option('--json', 'as JSON')
    .option(
      '-i, --inventory <source>',
      'as a run would get it (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('-f, --forks <n>', 'as a run would get it', (v: string) => Number(v))
    .option('-u, --user <name>', 'as a run would get it')
    .option('--private-key <file>', 'as a run would get it')
    .option('-T, --timeout <s>', 'as a run would get it', (v: string) => Number(v))
    .action(
      (o: {
        json?: boolean;
        inventory: string[];
        forks?: number;
        user?: string;
        privateKey?: string;
        timeout?: number;
      }) => {
        const config = loadConfig({
          cwd: process.cwd(),
          env: process.env,
          overrides: {
            inventory: o.inventory.length ? o.inventory : undefined,
            forks: o.forks,
            remoteUser: o.user,
            privateKeyFile: o.privateKey,
            timeout: o.timeout,
          },
        });
        process.stdout.write((o.json ? configJson(config) : formatConfig(config)) + '\n');
      },
    );
}
