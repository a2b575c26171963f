// The settings fabplay reads: each one's [section] keys, environment names, kind and default.
import type { ConfigOverrides } from './index.js';
import { GROUP_NAME_MODES } from '../inventory/group-names.js';
import { DEFAULT_INVENTORY_PLUGINS } from '../inventory/plugins.js';

/** 'string': trimmed, empty is unset; 'text': trimmed, empty is a value (no become_flags at all) */
export type Kind =
  'pathlist' | 'list' | 'pathspec' | 'int' | 'string' | 'text' | 'path' | 'bool' | 'hostkey' | 'choice';

export interface Setting {
  key: keyof ConfigOverrides;
  /** [section] key pairs in the file, in the order Ansible applies them (later wins) */
  ini: [string, string][];
  /** environment variable suffix: FABPLAY_<X> and ANSIBLE_<X> */
  env: string[];
  kind: Kind;
  /** the values a 'choice' setting takes */
  choices?: readonly string[];
  dflt: unknown;
}

/**
 * The options of the sudo or su become plugin as `ansible-config list` shows them in 2.14: the
 * [privilege_escalation] key and ANSIBLE_BECOME_* first, the plugin's own section and variables
 * after, so these win (Ansible takes the last one set of each list).
 */
function becomePluginOptions(method: 'sudo' | 'su'): Setting[] {
  const own = `${method}_become_plugin`;
  const env = method.toUpperCase();
  const option = (
    key: keyof ConfigOverrides,
    shared: string | undefined,
    ownKey: string,
    envName: string,
    kind: Kind,
    dflt: unknown,
  ): Setting => ({
    key,
    ini: [...(shared ? [['privilege_escalation', shared] as [string, string]] : []), [own, ownKey]],
    env: [`BECOME_${envName}`, `${env}_${envName}`],
    kind,
    dflt,
  });
  return [
    option(`${method}User`, 'become_user', 'user', 'USER', 'string', 'root'),
    // a piece of command line in sudo's or su's place (`sudo -E`), as Ansible pastes it
    option(`${method}Exe`, 'become_exe', 'executable', 'EXE', 'string', undefined),
    option(`${method}Flags`, 'become_flags', 'flags', 'FLAGS', 'text', undefined),
    option(`${method}Password`, undefined, 'password', 'PASS', 'string', undefined),
  ];
}

/** The default callback's options of ansible-core 2.14 (`ansible-doc -t callback default`), all under [defaults]. */
function defaultCallbackOptions(): Setting[] {
  const option = (key: keyof ConfigOverrides, name: string, env: string, dflt: unknown): Setting => ({
    key,
    ini: [['defaults', name]],
    env: [env],
    kind: 'bool',
    dflt,
  });
  return [
    option('displaySkippedHosts', 'display_skipped_hosts', 'DISPLAY_SKIPPED_HOSTS', true),
    option('displayOkHosts', 'display_ok_hosts', 'DISPLAY_OK_HOSTS', true),
    option('displayFailedStderr', 'display_failed_stderr', 'DISPLAY_FAILED_STDERR', false),
    option('checkModeMarkers', 'check_mode_markers', 'CHECK_MODE_MARKERS', false),
    option('showTaskPathOnFailure', 'show_task_path_on_failure', 'SHOW_TASK_PATH_ON_FAILURE', false),
    option('showPerHostStart', 'show_per_host_start', 'SHOW_PER_HOST_START', false),
    option('displayArgsToStdout', 'display_args_to_stdout', 'DISPLAY_ARGS_TO_STDOUT', false),
    // unset: pretty for yaml, compact for json (the callback's None)
    option('callbackFormatPretty', 'callback_format_pretty', 'CALLBACK_FORMAT_PRETTY', undefined),
    {
      key: 'callbackResultFormat',
      ini: [['defaults', 'callback_result_format']],
      env: ['CALLBACK_RESULT_FORMAT'],
      kind: 'choice',
      choices: ['json', 'yaml'],
      dflt: 'json',
    },
  ];
}

export const SETTINGS: Setting[] = [
  {
    key: 'inventory',
    ini: [
      ['defaults', 'inventory'],
      ['defaults', 'hostfile'],
    ],
    env: ['INVENTORY'],
    kind: 'pathlist',
    dflt: [],
  },
  {
    key: 'rolesPath',
    ini: [['defaults', 'roles_path']],
    env: ['ROLES_PATH'],
    kind: 'pathspec',
    dflt: ['~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles'],
  },
  {
    key: 'modulePath',
    ini: [['defaults', 'library']],
    env: ['LIBRARY'],
    kind: 'pathspec',
    dflt: ['~/.ansible/plugins/modules', '/usr/share/ansible/plugins/modules'],
  },
  { key: 'forks', ini: [['defaults', 'forks']], env: ['FORKS'], kind: 'int', dflt: 5 },
  {
    key: 'remoteUser',
    ini: [['defaults', 'remote_user']],
    env: ['REMOTE_USER'],
    kind: 'string',
    dflt: undefined,
  },
  {
    key: 'remotePort',
    ini: [['defaults', 'remote_port']],
    env: ['REMOTE_PORT'],
    kind: 'int',
    dflt: undefined,
  },
  {
    key: 'privateKeyFile',
    ini: [['defaults', 'private_key_file']],
    env: ['PRIVATE_KEY_FILE'],
    kind: 'path',
    dflt: undefined,
  },
  {
    key: 'hostKeyChecking',
    ini: [['defaults', 'host_key_checking']],
    env: ['HOST_KEY_CHECKING'],
    kind: 'hostkey',
    // unknown hosts are refused unless asked (--host-key-checking accept-new|off)
    dflt: 'strict',
  },
  { key: 'timeout', ini: [['defaults', 'timeout']], env: ['TIMEOUT'], kind: 'int', dflt: 10 },
  {
    key: 'sshArgs',
    ini: [['ssh_connection', 'ssh_args']],
    env: ['SSH_ARGS'],
    kind: 'string',
    // not Ansible's default (-C -o ControlMaster=auto -o ControlPersist=60s): a connection kept
    // after the run (keeper/) is something to ask for, not a background process nobody expected
    dflt: undefined,
  },
  {
    key: 'transport',
    ini: [['defaults', 'transport']],
    env: ['TRANSPORT'],
    kind: 'string',
    // Ansible's default, smart, is ssh here
    dflt: undefined,
  },
  {
    key: 'sshExtraArgs',
    ini: [['ssh_connection', 'ssh_extra_args']],
    env: ['SSH_EXTRA_ARGS'],
    kind: 'string',
    dflt: undefined,
  },
  {
    key: 'sshCommonArgs',
    ini: [['ssh_connection', 'ssh_common_args']],
    env: ['SSH_COMMON_ARGS'],
    kind: 'string',
    dflt: undefined,
  },
  {
    key: 'controlPathDir',
    ini: [['ssh_connection', 'control_path_dir']],
    env: ['SSH_CONTROL_PATH_DIR'],
    kind: 'path',
    dflt: '~/.ansible/cp',
  },
  {
    key: 'jinja2Native',
    ini: [['defaults', 'jinja2_native']],
    env: ['JINJA2_NATIVE'],
    kind: 'bool',
    dflt: false,
  },
  {
    key: 'hashBehaviour',
    ini: [['defaults', 'hash_behaviour']],
    env: ['HASH_BEHAVIOUR'],
    kind: 'choice',
    choices: ['replace', 'merge'],
    dflt: 'replace',
  },
  {
    key: 'hostPatternMismatch',
    ini: [['inventory', 'host_pattern_mismatch']],
    env: ['HOST_PATTERN_MISMATCH'],
    kind: 'choice',
    choices: ['warning', 'error', 'ignore'],
    dflt: 'warning',
  },
  {
    key: 'inventoryPlugins',
    ini: [['inventory', 'enable_plugins']],
    env: ['INVENTORY_ENABLED'],
    kind: 'list',
    dflt: DEFAULT_INVENTORY_PLUGINS,
  },
  {
    key: 'transformInvalidGroupChars',
    ini: [['defaults', 'force_valid_group_names']],
    env: ['TRANSFORM_INVALID_GROUP_CHARS'],
    kind: 'choice',
    choices: GROUP_NAME_MODES,
    dflt: 'never',
  },
  {
    key: 'gathering',
    ini: [['defaults', 'gathering']],
    env: ['GATHERING'],
    kind: 'choice',
    choices: ['implicit', 'explicit', 'smart'],
    dflt: 'implicit',
  },
  {
    key: 'factsModules',
    ini: [['defaults', 'facts_modules']],
    env: ['FACTS_MODULES'],
    kind: 'list',
    dflt: ['smart'],
  },
  {
    key: 'sshRetries',
    ini: [
      ['connection', 'retries'],
      ['ssh_connection', 'retries'],
    ],
    env: ['SSH_RETRIES'],
    kind: 'int',
    dflt: 0,
  },
  { key: 'become', ini: [['privilege_escalation', 'become']], env: ['BECOME'], kind: 'bool', dflt: false },
  {
    key: 'becomeMethod',
    ini: [['privilege_escalation', 'become_method']],
    env: ['BECOME_METHOD'],
    // Ansible takes any become plugin's name; fabplay has sudo and su, and refuses the others
    kind: 'choice',
    choices: ['sudo', 'su'],
    dflt: 'sudo',
  },
  {
    key: 'becomeAskPass',
    ini: [['privilege_escalation', 'become_ask_pass']],
    env: ['BECOME_ASK_PASS'],
    kind: 'bool',
    dflt: false,
  },
  {
    key: 'agnosticBecomePrompt',
    ini: [['privilege_escalation', 'agnostic_become_prompt']],
    env: ['AGNOSTIC_BECOME_PROMPT'],
    kind: 'bool',
    dflt: true,
  },
  {
    key: 'becomeAllowSameUser',
    ini: [['privilege_escalation', 'become_allow_same_user']],
    env: ['BECOME_ALLOW_SAME_USER'],
    kind: 'bool',
    dflt: false,
  },
  {
    key: 'vaultPasswordFile',
    ini: [['defaults', 'vault_password_file']],
    env: ['VAULT_PASSWORD_FILE'],
    kind: 'path',
    dflt: undefined,
  },
  {
    key: 'report',
    ini: [['defaults', 'report']],
    env: ['REPORT'],
    kind: 'path',
    dflt: undefined,
  },
  {
    key: 'pluginFiltersCfg',
    ini: [['defaults', 'plugin_filters_cfg']],
    // Ansible 2.14 has no environment variable for it
    env: [],
    kind: 'path',
    dflt: undefined,
  },
  {
    key: 'factCaching',
    ini: [['defaults', 'fact_caching']],
    env: ['CACHE_PLUGIN'],
    kind: 'string',
    dflt: 'memory',
  },
  {
    key: 'factCachingConnection',
    ini: [['defaults', 'fact_caching_connection']],
    env: ['CACHE_PLUGIN_CONNECTION'],
    kind: 'path',
    dflt: undefined,
  },
  {
    key: 'factCachingPrefix',
    ini: [['defaults', 'fact_caching_prefix']],
    env: ['CACHE_PLUGIN_PREFIX'],
    kind: 'string',
    // ansible-config lists ansible_facts, but Ansible's jsonfile cache names its files by the host alone
    dflt: '',
  },
  {
    key: 'factCachingTimeout',
    ini: [['defaults', 'fact_caching_timeout']],
    env: ['CACHE_PLUGIN_TIMEOUT'],
    kind: 'int',
    dflt: 86400,
  },
  {
    key: 'forceHandlers',
    ini: [['defaults', 'force_handlers']],
    env: ['FORCE_HANDLERS'],
    kind: 'bool',
    dflt: false,
  },
  {
    key: 'localhostWarning',
    ini: [['defaults', 'localhost_warning']],
    env: ['LOCALHOST_WARNING'],
    kind: 'bool',
    dflt: true,
  },
  {
    key: 'showCustomStats',
    ini: [['defaults', 'show_custom_stats']],
    env: ['SHOW_CUSTOM_STATS'],
    kind: 'bool',
    dflt: false,
  },
  ...defaultCallbackOptions(),
  {
    key: 'stdoutCallback',
    ini: [['defaults', 'stdout_callback']],
    env: ['STDOUT_CALLBACK'],
    kind: 'string',
    dflt: 'default',
  },
  {
    key: 'callbacksEnabled',
    ini: [
      ['defaults', 'callback_whitelist'],
      ['defaults', 'callbacks_enabled'],
    ],
    env: ['CALLBACK_WHITELIST', 'CALLBACKS_ENABLED'],
    kind: 'list',
    dflt: [],
  },
  {
    key: 'errorOnMissingHandler',
    ini: [['defaults', 'error_on_missing_handler']],
    env: ['ERROR_ON_MISSING_HANDLER'],
    kind: 'bool',
    dflt: true,
  },
  {
    key: 'vaultIdMatch',
    ini: [['defaults', 'vault_id_match']],
    env: ['VAULT_ID_MATCH'],
    kind: 'bool',
    dflt: false,
  },
  {
    key: 'vaultEncryptIdentity',
    ini: [['defaults', 'vault_encrypt_identity']],
    env: ['VAULT_ENCRYPT_IDENTITY'],
    kind: 'string',
    dflt: undefined,
  },
  {
    key: 'vaultIdentityList',
    ini: [['defaults', 'vault_identity_list']],
    env: ['VAULT_IDENTITY_LIST'],
    kind: 'list',
    dflt: [],
  },
  {
    key: 'connectionPasswordFile',
    ini: [['defaults', 'connection_password_file']],
    env: ['CONNECTION_PASSWORD_FILE'],
    kind: 'path',
    dflt: undefined,
  },
  {
    key: 'becomePasswordFile',
    ini: [['defaults', 'become_password_file']],
    env: ['BECOME_PASSWORD_FILE'],
    kind: 'path',
    dflt: undefined,
  },
  ...becomePluginOptions('sudo'),
  ...becomePluginOptions('su'),
  {
    key: 'suPrompts',
    ini: [['su_become_plugin', 'localized_prompts']],
    env: ['SU_PROMPT_L10N'],
    kind: 'list',
    dflt: [],
  },
];
