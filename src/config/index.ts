// Settings: fabplay.cfg / ansible.cfg, environment and command line, each value with its source.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseIni, type IniData } from './ini.js';
import { SETTINGS, type Setting } from './settings.js';
import type { GroupNameMode } from '../inventory/group-names.js';

export interface ConfigValue<T> {
  value: T;
  /** 'default', 'env FABPLAY_X', '/path/ansible.cfg [defaults] forks', 'command line' */
  origin: string;
}

export interface Config {
  inventory: ConfigValue<string[]>;
  rolesPath: ConfigValue<string[]>;
  /** [defaults] library, ANSIBLE_LIBRARY: where Ansible looks for modules of the user's own */
  modulePath?: ConfigValue<string[]>;
  forks: ConfigValue<number>;
  remoteUser: ConfigValue<string | undefined>;
  privateKeyFile: ConfigValue<string | undefined>;
  hostKeyChecking: ConfigValue<'strict' | 'accept-new' | 'off'>;
  timeout: ConfigValue<number>;
  /** [ssh_connection] ssh_args */
  sshArgs: ConfigValue<string | undefined>;
  /** [ssh_connection] ssh_common_args (ansible_ssh_common_args wins) */
  sshCommonArgs?: ConfigValue<string | undefined>;
  sshExtraArgs?: ConfigValue<string | undefined>;
  /** [defaults] transport: the connection of hosts that name none (-c on the command line) */
  transport?: ConfigValue<string | undefined>;
  /** [ssh_connection] control_path_dir: where kept connections' sockets live */
  controlPathDir?: ConfigValue<string>;
  /** [defaults] remote_port (the fields below are always set by loadConfig; optional for hand-made configs) */
  remotePort?: ConfigValue<number | undefined>;
  /** [defaults] gathering: when a play gathers facts (implicit: every play unless gather_facts is false) */
  gathering?: ConfigValue<'implicit' | 'explicit' | 'smart'>;
  /** [defaults] facts_modules: the modules gather_facts runs (smart: setup) */
  factsModules?: ConfigValue<string[]>;
  /** [inventory] host_pattern_mismatch: what a play's pattern that matches nothing gives */
  hostPatternMismatch?: ConfigValue<'warning' | 'error' | 'ignore'>;
  /** [ssh_connection] retries */
  sshRetries?: ConfigValue<number>;
  /** [privilege_escalation] become, become_method */
  become?: ConfigValue<boolean>;
  becomeMethod?: ConfigValue<'sudo' | 'su'>;
  /**
   * The sudo and su plugins' options: [privilege_escalation] become_user, become_exe and
   * become_flags, overridden by [sudo_become_plugin] / [su_become_plugin] user, executable, flags
   * and password; ANSIBLE_BECOME_* and ANSIBLE_SUDO_* / ANSIBLE_SU_* over the file
   */
  sudoUser?: ConfigValue<string>;
  sudoExe?: ConfigValue<string | undefined>;
  sudoFlags?: ConfigValue<string | undefined>;
  sudoPassword?: ConfigValue<string | undefined>;
  suUser?: ConfigValue<string>;
  suExe?: ConfigValue<string | undefined>;
  suFlags?: ConfigValue<string | undefined>;
  suPassword?: ConfigValue<string | undefined>;
  /** [su_become_plugin] localized_prompts: the words of su's password prompt (empty: Ansible's list) */
  suPrompts?: ConfigValue<string[]>;
  /** [defaults] connection_password_file (--connection-password-file): the SSH password, or a script printing it */
  connectionPasswordFile?: ConfigValue<string | undefined>;
  /** [defaults] become_password_file (--become-password-file): the become password, or a script printing it */
  becomePasswordFile?: ConfigValue<string | undefined>;
  /** [privilege_escalation] become_ask_pass (-K) and agnostic_become_prompt (BECOME, else SUDO or SU) */
  becomeAskPass?: ConfigValue<boolean>;
  agnosticBecomePrompt?: ConfigValue<boolean>;
  /** [privilege_escalation] become_allow_same_user: escalate also to the user already logged in */
  becomeAllowSameUser?: ConfigValue<boolean>;
  /** [defaults] vault_password_file, vault_identity_list */
  vaultPasswordFile?: ConfigValue<string | undefined>;
  vaultIdentityList?: ConfigValue<string[]>;
  /** [defaults] vault_encrypt_identity: the vault id to encrypt with when --encrypt-vault-id is not given */
  vaultEncryptIdentity?: ConfigValue<string | undefined>;
  /** [defaults] vault_id_match: a vault is tried only with the passwords labelled with its id */
  vaultIdMatch?: ConfigValue<boolean>;
  /** [defaults] fact_caching (memory, jsonfile), fact_caching_connection, _prefix, _timeout */
  factCaching?: ConfigValue<string>;
  factCachingConnection?: ConfigValue<string | undefined>;
  factCachingPrefix?: ConfigValue<string>;
  factCachingTimeout?: ConfigValue<number>;
  /** [defaults] hash_behaviour: replace, or merge mappings across variable sources (ANSIBLE_HASH_BEHAVIOUR) */
  hashBehaviour?: ConfigValue<'replace' | 'merge'>;
  /** [inventory] enable_plugins: the inventory plugins that read sources, in order (ANSIBLE_INVENTORY_ENABLED) */
  inventoryPlugins?: ConfigValue<string[]>;
  /** [defaults] force_valid_group_names: group names with characters no variable name has (ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS) */
  transformInvalidGroupChars?: ConfigValue<GroupNameMode>;
  /** [defaults] jinja2_native: templates keep native types (Ansible's ANSIBLE_JINJA2_NATIVE) */
  jinja2Native?: ConfigValue<boolean>;
  /** [defaults] force_handlers (--force-handlers); a play's own force_handlers wins */
  forceHandlers?: ConfigValue<boolean>;
  /** [defaults] error_on_missing_handler: notifying a handler nobody defines stops the run */
  errorOnMissingHandler?: ConfigValue<boolean>;
  /** [defaults] localhost_warning: warn when the inventory has no hosts */
  localhostWarning?: ConfigValue<boolean>;
  /** [defaults] show_custom_stats: set_stats' values shown after the recap (and in --json) */
  showCustomStats?: ConfigValue<boolean>;
  /** the default callback's options ([defaults] display_ok_hosts ...): what plain output shows */
  displaySkippedHosts?: ConfigValue<boolean>;
  displayOkHosts?: ConfigValue<boolean>;
  displayFailedStderr?: ConfigValue<boolean>;
  checkModeMarkers?: ConfigValue<boolean>;
  showTaskPathOnFailure?: ConfigValue<boolean>;
  showPerHostStart?: ConfigValue<boolean>;
  /** a task's arguments in its banner (as written; none under no_log) */
  displayArgsToStdout?: ConfigValue<boolean>;
  callbackResultFormat?: ConfigValue<'json' | 'yaml'>;
  callbackFormatPretty?: ConfigValue<boolean | undefined>;
  /** [defaults] stdout_callback: fabplay's plain lines are the default callback's (another is warned about) */
  stdoutCallback?: ConfigValue<string | undefined>;
  /** [defaults] callbacks_enabled: the aggregate callbacks asked for (fabplay has timer's line) */
  callbacksEnabled?: ConfigValue<string[]>;
  /** [defaults] report: the HTML run report every run writes (--report) */
  report?: ConfigValue<string | undefined>;
  /** [defaults] plugin_filters_cfg: the file naming modules Ansible must not find (plugin-filter.ts) */
  pluginFiltersCfg?: ConfigValue<string | undefined>;
  /** the file read, if any */
  file?: string;
  /** keys in the file that fabplay does not use (shown by `fabplay config`) */
  ignored?: string[];
}

/** Values given on the command line; they win over everything else. */
export type ConfigOverrides = Partial<{
  [K in keyof Omit<Config, 'file' | 'ignored'>]: NonNullable<Config[K]>['value'];
}>;

/** Keys of the file that fabplay reads (everything else is reported as ignored). */
const KNOWN = new Set(
  SETTINGS.flatMap((s) => s.ini.map(([sec, k]) => `${sec}.${k}`)).concat(['ssh_connection.ssh_common_args']),
);

const TRUE = ['yes', 'on', '1', 'true', 'y', 't'];
const FALSE = ['no', 'off', '0', 'false', 'n', 'f', ''];

function convert(s: Setting, raw: string, base: string, where: string): unknown {
  const bad = (what: string): never => {
    throw new InputError(
      `${where}: ${s.ini[0]![1]} must be ${what}, got '${raw}'`,
      undefined,
      `fix ${s.ini[0]![1]}`,
    );
  };
  const path = (p: string): string => {
    const t = p.trim();
    if (t === '~' || t.startsWith('~/')) return homedir() + t.slice(1);
    return resolve(base, t);
  };
  switch (s.kind) {
    case 'pathlist':
      return raw
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p)
        .map(path);
    case 'list':
      return raw
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p);
    case 'pathspec':
      return raw
        .split(':')
        .map((p) => p.trim())
        .filter((p) => p)
        .map(path);
    case 'path':
      return raw.trim() ? path(raw) : undefined;
    case 'int': {
      const n = Number(raw.trim());
      return Number.isInteger(n) ? n : bad('an integer');
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      return TRUE.includes(v) ? true : FALSE.includes(v) ? false : bad('a boolean');
    }
    case 'hostkey': {
      const v = raw.trim().toLowerCase();
      if (v === 'accept-new' || v === 'accept_new') return 'accept-new';
      return TRUE.includes(v) ? 'strict' : FALSE.includes(v) ? 'off' : bad('a boolean or accept-new');
    }
    case 'choice': {
      const v = raw.trim();
      const choices = s.choices!;
      return choices.includes(v)
        ? v
        : bad(
            choices
              .map((c) => `'${c}'`)
              .join(', ')
              .replace(/, ([^,]*)$/, ' or $1'),
          );
    }
    case 'text':
      return raw.trim();
    default:
      return raw.trim() || undefined;
  }
}

/** Which file applies: $FABPLAY_CONFIG, $ANSIBLE_CONFIG, then ./fabplay.cfg, ./ansible.cfg. */
export function findConfigFile(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const v of ['FABPLAY_CONFIG', 'ANSIBLE_CONFIG']) {
    const p = env[v];
    if (p) {
      const full = resolve(cwd, p);
      if (!existsSync(full))
        throw new InputError(
          `config file not found: ${p} (from $${v})`,
          undefined,
          `unset ${v} or point it to a file`,
        );
      return full;
    }
  }
  for (const name of ['fabplay.cfg', 'ansible.cfg']) {
    const full = resolve(cwd, name);
    if (existsSync(full)) return full;
  }
  return undefined;
}

/**
 * The text a setting takes, only the winner's, as Ansible converts and checks only the value it
 * uses: the environment (FABPLAY_ over ANSIBLE_, the last name listed) over the file (the last
 * key listed), so a bad value that something else overrides is no error.
 */
function rawValue(
  s: Setting,
  env: NodeJS.ProcessEnv,
  ini: IniData,
  file: string | undefined,
): { text: string; where: string; origin: string; env: boolean } | undefined {
  let found: { text: string; where: string; origin: string; env: boolean } | undefined;
  for (const prefix of ['ANSIBLE_', 'FABPLAY_'])
    for (const name of s.env) {
      const v = env[prefix + name];
      if (v !== undefined)
        found = { text: v, where: `$${prefix + name}`, origin: `env ${prefix + name}`, env: true };
    }
  if (found) return found;
  for (const [sec, key] of s.ini) {
    const e = ini.get(sec)?.get(key);
    if (e)
      found = { text: e.value, where: `${file}:${e.line}`, origin: `${file} [${sec}] ${key}`, env: false };
  }
  return found;
}

/** fabplay.cfg or ansible.cfg in cwd, or $FABPLAY_CONFIG (then $ANSIBLE_CONFIG); env beats file, command line beats all. */
export function loadConfig(opts: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  overrides?: ConfigOverrides;
}): Config {
  const file = findConfigFile(opts.cwd, opts.env);
  let ini: IniData = new Map();
  if (file) ini = parseIni(readFileSync(file, 'utf8'), file);
  const base = file ? dirname(file) : opts.cwd;
  const out: Record<string, ConfigValue<unknown>> = {};
  for (const s of SETTINGS) {
    const o = opts.overrides?.[s.key];
    const raw = o === undefined ? rawValue(s, opts.env, ini, file) : undefined;
    out[s.key] =
      o !== undefined
        ? { value: o, origin: 'command line' }
        : raw
          ? { value: convert(s, raw.text, raw.env ? opts.cwd : base, raw.where), origin: raw.origin }
          : { value: s.dflt, origin: 'default' };
  }
  const ignored: string[] = [];
  for (const [sec, entries] of ini)
    for (const k of entries.keys()) if (!KNOWN.has(`${sec}.${k}`)) ignored.push(`[${sec}] ${k}`);
  return { ...(out as unknown as Omit<Config, 'file' | 'ignored'>), file, ignored };
}
