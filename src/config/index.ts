// Settings: fabplay.cfg / ansible.cfg, environment and command line, each value with its source.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseIni, type IniData } from './ini.js';

export interface ConfigValue<T> {
  value: T;
  /** 'default', 'env FABPLAY_X', '/path/ansible.cfg [defaults] forks', 'command line' */
  origin: string;
}

export interface Config {
  inventory: ConfigValue<string[]>;
  rolesPath: ConfigValue<string[]>;
  forks: ConfigValue<number>;
  remoteUser: ConfigValue<string | undefined>;
  privateKeyFile: ConfigValue<string | undefined>;
  hostKeyChecking: ConfigValue<'strict' | 'accept-new' | 'off'>;
  timeout: ConfigValue<number>;
  /** [ssh_connection] ssh_args */
  sshArgs: ConfigValue<string | undefined>;
  /** [ssh_connection] ssh_common_args (ansible_ssh_common_args wins) */
  sshCommonArgs?: ConfigValue<string | undefined>;
  /** [ssh_connection] control_path_dir: where kept connections' sockets live */
  controlPathDir?: ConfigValue<string>;
  /** [defaults] remote_port (the fields below are always set by loadConfig; optional for hand-made configs) */
  remotePort?: ConfigValue<number | undefined>;
  /** [defaults] gathering: when a play gathers facts (implicit: every play unless gather_facts is false) */
  gathering?: ConfigValue<'implicit' | 'explicit' | 'smart'>;
  /** [ssh_connection] retries */
  sshRetries?: ConfigValue<number>;
  /** [privilege_escalation] become, become_method, become_user */
  become?: ConfigValue<boolean>;
  becomeMethod?: ConfigValue<string>;
  becomeUser?: ConfigValue<string>;
  /** [defaults] vault_password_file, vault_identity_list */
  vaultPasswordFile?: ConfigValue<string | undefined>;
  vaultIdentityList?: ConfigValue<string[]>;
  /** [defaults] fact_caching (memory, jsonfile), fact_caching_connection, _prefix, _timeout */
  factCaching?: ConfigValue<string>;
  factCachingConnection?: ConfigValue<string | undefined>;
  factCachingPrefix?: ConfigValue<string>;
  factCachingTimeout?: ConfigValue<number>;
  /** [defaults] hash_behaviour: replace, or merge mappings across variable sources (ANSIBLE_HASH_BEHAVIOUR) */
  hashBehaviour?: ConfigValue<'replace' | 'merge'>;
  /** [defaults] jinja2_native: templates keep native types (Ansible's ANSIBLE_JINJA2_NATIVE) */
  jinja2Native?: ConfigValue<boolean>;
  /** [defaults] force_handlers (--force-handlers); a play's own force_handlers wins */
  forceHandlers?: ConfigValue<boolean>;
  /** [defaults] error_on_missing_handler: notifying a handler nobody defines stops the run */
  errorOnMissingHandler?: ConfigValue<boolean>;
  /** [defaults] report: the HTML run report every run writes (--report) */
  report?: ConfigValue<string | undefined>;
  /** the file read, if any */
  file?: string;
  /** keys in the file that fabplay does not use (shown by `fabplay config`) */
  ignored?: string[];
}

/** Values given on the command line; they win over everything else. */
export type ConfigOverrides = Partial<{
  [K in keyof Omit<Config, 'file' | 'ignored'>]: NonNullable<Config[K]>['value'];
}>;

type Kind = 'pathlist' | 'list' | 'pathspec' | 'int' | 'string' | 'path' | 'bool' | 'hostkey' | 'choice';

interface Setting {
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

const SETTINGS: Setting[] = [
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
    key: 'gathering',
    ini: [['defaults', 'gathering']],
    env: ['GATHERING'],
    kind: 'choice',
    choices: ['implicit', 'explicit', 'smart'],
    dflt: 'implicit',
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
    kind: 'string',
    dflt: 'sudo',
  },
  {
    key: 'becomeUser',
    ini: [['privilege_escalation', 'become_user']],
    env: ['BECOME_USER'],
    kind: 'string',
    dflt: 'root',
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
    key: 'errorOnMissingHandler',
    ini: [['defaults', 'error_on_missing_handler']],
    env: ['ERROR_ON_MISSING_HANDLER'],
    kind: 'bool',
    dflt: true,
  },
  {
    key: 'vaultIdentityList',
    ini: [['defaults', 'vault_identity_list']],
    env: ['VAULT_IDENTITY_LIST'],
    kind: 'list',
    dflt: [],
  },
];

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
    let cv: ConfigValue<unknown> = { value: s.dflt, origin: 'default' };
    for (const [sec, key] of s.ini) {
      const e = ini.get(sec)?.get(key);
      if (e)
        cv = { value: convert(s, e.value, base, `${file}:${e.line}`), origin: `${file} [${sec}] ${key}` };
    }
    for (const prefix of ['ANSIBLE_', 'FABPLAY_']) {
      for (const name of s.env) {
        const v = opts.env[prefix + name];
        if (v !== undefined)
          cv = { value: convert(s, v, opts.cwd, `$${prefix + name}`), origin: `env ${prefix + name}` };
      }
    }
    const o = opts.overrides?.[s.key];
    if (o !== undefined) cv = { value: o, origin: 'command line' };
    out[s.key] = cv;
  }
  const ignored: string[] = [];
  for (const [sec, entries] of ini)
    for (const k of entries.keys()) if (!KNOWN.has(`${sec}.${k}`)) ignored.push(`[${sec}] ${k}`);
  return { ...(out as unknown as Omit<Config, 'file' | 'ignored'>), file, ignored };
}
