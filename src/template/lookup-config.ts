import { homedir } from 'node:os';
import type { Config } from '../config/index.js';
import { ANSIBLE_SETTING_NAMES } from '../config/ansible-setting-names.js';
import { FilterError, LookupOptionsError } from './errors.js';
import { pyStr, typeName } from './python.js';
import { Undefined } from './undefined.js';
import { warnFromTemplate } from './template-warnings.js';

/**
 * The `config` lookup: a setting's value by Ansible's name (`DEFAULT_FORKS`), or a plugin's option
 * (`remote_user` of connection ssh) from the host's variables, then the settings. fabplay reports
 * only what it reads itself; any other Ansible setting is refused by name, since fabplay cannot
 * tell its value (it does not read it), and a name Ansible has not is missing (`on_missing`).
 */

let config: Partial<Config> = {};

/** Set once for the run, with the settings the run uses. */
export function setLookupConfig(c: Partial<Config>): void {
  config = c;
}

const expandHome = (p: string): string => (p === '~' || p.startsWith('~/') ? homedir() + p.slice(1) : p);
/** A setting's value when set; else Ansible's default (fabplay's own default may differ). */
const value = <K extends keyof Config>(k: K, dflt: unknown = null): unknown => {
  const c = config[k] as { value: unknown; origin: string } | undefined;
  return c === undefined || c.origin === 'default' || c.value === undefined ? dflt : c.value;
};

/** Ansible's name of each setting fabplay reads, with its value in Ansible's form. */
const GLOBAL: Record<string, () => unknown> = {
  DEFAULT_FORKS: () => value('forks', 5),
  DEFAULT_REMOTE_USER: () => value('remoteUser'),
  DEFAULT_REMOTE_PORT: () => value('remotePort'),
  DEFAULT_PRIVATE_KEY_FILE: () => value('privateKeyFile'),
  DEFAULT_TIMEOUT: () => value('timeout', 10),
  DEFAULT_ROLES_PATH: () =>
    (
      value('rolesPath', ['~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles']) as string[]
    ).map(expandHome),
  // Ansible's host_key_checking is a boolean; fabplay's accept-new checks too
  HOST_KEY_CHECKING: () => value('hostKeyChecking', 'strict') !== 'off',
  DEFAULT_TRANSPORT: () => value('transport', 'smart'),
  DEFAULT_GATHERING: () => value('gathering', 'implicit'),
  FACTS_MODULES: () => value('factsModules', ['smart']),
  DEFAULT_BECOME: () => value('become', false),
  DEFAULT_BECOME_METHOD: () => value('becomeMethod', 'sudo'),
  DEFAULT_BECOME_ASK_PASS: () => value('becomeAskPass', false),
  AGNOSTIC_BECOME_PROMPT: () => value('agnosticBecomePrompt', true),
  BECOME_ALLOW_SAME_USER: () => value('becomeAllowSameUser', false),
  BECOME_PASSWORD_FILE: () => value('becomePasswordFile'),
  CONNECTION_PASSWORD_FILE: () => value('connectionPasswordFile'),
  DEFAULT_VAULT_PASSWORD_FILE: () => value('vaultPasswordFile'),
  DEFAULT_VAULT_IDENTITY_LIST: () => value('vaultIdentityList', []),
  CACHE_PLUGIN: () => value('factCaching', 'memory'),
  CACHE_PLUGIN_CONNECTION: () => value('factCachingConnection'),
  CACHE_PLUGIN_PREFIX: () => value('factCachingPrefix', 'ansible_facts'),
  CACHE_PLUGIN_TIMEOUT: () => value('factCachingTimeout', 86400),
  DEFAULT_HASH_BEHAVIOUR: () => value('hashBehaviour', 'replace'),
  DEFAULT_JINJA2_NATIVE: () => value('jinja2Native', false),
  DEFAULT_FORCE_HANDLERS: () => value('forceHandlers', false),
  ERROR_ON_MISSING_HANDLER: () => value('errorOnMissingHandler', true),
  SHOW_CUSTOM_STATS: () => value('showCustomStats', false),
  DISPLAY_SKIPPED_HOSTS: () => value('displaySkippedHosts', true),
  CALLBACKS_ENABLED: () => value('callbacksEnabled', []),
  DEFAULT_STDOUT_CALLBACK: () => value('stdoutCallback', 'default'),
  PLUGIN_FILTERS_CFG: () => value('pluginFiltersCfg'),
};

/** Names in Ansible's constants module that are code, not settings. */
const CALLABLE = new Set(['ConfigManager', 'Sequence', 'add_internal_fqcns', 'set_constant', 'to_text']);

/** A plugin option: the variables that set it (the last one set wins, as in Ansible), then the settings. */
interface PluginOption {
  vars: string[];
  setting: () => unknown;
  int?: boolean;
}

const becomeOptions = (m: 'sudo' | 'su', exe: string, flags: string): Record<string, PluginOption> => ({
  become_user: {
    vars: ['ansible_become_user', `ansible_${m}_user`],
    setting: () => value(`${m}User`, 'root'),
  },
  become_exe: { vars: ['ansible_become_exe', `ansible_${m}_exe`], setting: () => value(`${m}Exe`, exe) },
  become_flags: {
    vars: ['ansible_become_flags', `ansible_${m}_flags`],
    setting: () => value(`${m}Flags`, flags),
  },
});

const PLUGIN_OPTIONS: Record<string, Record<string, PluginOption>> = {
  'connection ssh': {
    remote_user: { vars: ['ansible_user', 'ansible_ssh_user'], setting: () => value('remoteUser') },
    port: { vars: ['ansible_port', 'ansible_ssh_port'], setting: () => value('remotePort'), int: true },
    private_key_file: {
      vars: ['ansible_private_key_file', 'ansible_ssh_private_key_file'],
      setting: () => value('privateKeyFile'),
    },
  },
  'become sudo': becomeOptions('sudo', 'sudo', '-H -S -n'),
  'become su': becomeOptions('su', 'su', ''),
};

type LookupVar = (name: string) => unknown;

function pluginOption(ptype: string, pname: string, name: string, lookupVar: LookupVar): unknown {
  const plugin = PLUGIN_OPTIONS[`${ptype} ${pname.replace(/^ansible\.builtin\./, '')}`];
  const have = Object.entries(PLUGIN_OPTIONS)
    .flatMap(([p, o]) => Object.keys(o).map((k) => `${k} (${p})`))
    .join(', ');
  const option = plugin?.[name];
  if (!option)
    throw new LookupOptionsError(
      `lookup('config'): fabplay does not read option '${name}' of ${ptype} plugin '${pname}', so it cannot tell its value (it reads: ${have})`,
    );
  let v: unknown;
  for (const n of option.vars) {
    const got = lookupVar(n);
    if (!(got instanceof Undefined)) v = got;
  }
  if (v === undefined) v = option.setting();
  if (option.int && v !== null && typeof v !== 'number') {
    const n = Number(pyStr(v).trim());
    if (!Number.isInteger(n))
      throw new LookupOptionsError(`Invalid type for configuration option ${name}: ${pyStr(v)}`);
    v = n;
  }
  return v;
}

/** lookup('config', ...) with its options on_missing, plugin_type and plugin_name. */
export function configLookup(terms: unknown[], kw: Record<string, unknown>, lookupVar: LookupVar): unknown[] {
  const missing = kw.on_missing ?? 'error';
  const ptype = kw.plugin_type === undefined || kw.plugin_type === null ? '' : pyStr(kw.plugin_type);
  const pname = kw.plugin_name === undefined || kw.plugin_name === null ? '' : pyStr(kw.plugin_name);
  // Ansible checks the option's choices first (its config manager's words)
  if (typeof missing !== 'string' || !['error', 'warn', 'skip'].includes(missing))
    throw new LookupOptionsError(
      `Invalid value "${pyStr(missing)}" for configuration option "plugin_type: lookup plugin: config setting: on_missing ", valid values are: error, skip, warn`,
    );
  if ((ptype || pname) && !(ptype && pname))
    throw new LookupOptionsError(
      'Both plugin_type and plugin_name are required, cannot use one without the other',
    );
  const out: unknown[] = [];
  for (const term of terms) {
    if (typeof term !== 'string')
      throw new LookupOptionsError(
        `Invalid setting identifier, "${pyStr(term)}" is not a string, its a <class '${typeName(term)}'>`,
      );
    if (ptype) {
      out.push(pluginOption(ptype, pname, term, lookupVar));
      continue;
    }
    const get = GLOBAL[term];
    if (get) out.push(get());
    else if (CALLABLE.has(term)) throw new FilterError(`Invalid setting "${term}" attempted`);
    else if (ANSIBLE_SETTING_NAMES.has(term))
      throw new LookupOptionsError(
        `lookup('config'): fabplay does not read the Ansible setting ${term}, so it cannot tell its value (it reads: ${Object.keys(GLOBAL).join(', ')})`,
      );
    else if (missing === 'error') throw new FilterError(`Unable to find setting ${term}`);
    else if (missing === 'warn') warnFromTemplate(`Skipping, did not find setting ${term}`);
  }
  return out;
}
