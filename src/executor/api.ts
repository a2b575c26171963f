import type { CallbackOptions } from '../output/callback-options.js';
import type { FactCache } from './fact-cache.js';
import type { Inventory } from '../inventory/types.js';
import type { Output } from '../output/events.js';
import type { Masker } from '../output/masking.js';
import type { Playbook } from '../playbook/types.js';

/** Everything `fabplay run` hands the executor (the CLI has parsed and loaded it all). */
export interface RunRequest {
  playbooks: Playbook[];
  inventory: Inventory;
  /** reads the inventory sources again (meta: refresh_inventory); absent: the inventory stays */
  reloadInventory?: () => Inventory;
  check: boolean;
  diff: boolean;
  /** --limit pattern */
  limit?: string;
  /** `ansible_inventory_sources`: the -i sources (or the configured ones), paths made absolute */
  inventorySources?: string[];
  tags: string[];
  skipTags: string[];
  /** -e values, merged in order */
  extraVars: Record<string, unknown>;
  forks: number;
  remoteUser?: string;
  become: boolean;
  /** --become-user: over the become plugins' settings, below the keywords and variables */
  becomeUser?: string;
  becomeMethod?: string;
  /** the sudo and su plugins' settings (ansible.cfg, environment): below everything else */
  becomePlugins?: Partial<Record<'sudo' | 'su', BecomePluginSettings>>;
  /** [privilege_escalation] become_allow_same_user: escalate also to the user logged in */
  becomeAllowSameUser?: boolean;
  /** -K, become_password_file or FABPLAY_BECOME_PASSWORD: over the plugins' password settings */
  becomePassword?: string;
  connectionPassword?: string;
  privateKeyFile?: string;
  /** [defaults] remote_port: the port of hosts with no ansible_port */
  remotePort?: number;
  /** [defaults] gathering: implicit (every play unless gather_facts is false, the default),
   * explicit (only plays with gather_facts true), smart (as implicit, but not for hosts whose
   * facts, cached ones too, were gathered already) */
  gathering?: 'implicit' | 'explicit' | 'smart';
  /** [defaults] facts_modules: the modules gather_facts runs ('smart': setup); ansible_facts_modules overrides it per host */
  factsModules?: string[];
  /** [inventory] host_pattern_mismatch: a play's pattern part that matches nothing warns (default), stops the run, or nothing */
  hostPatternMismatch?: 'warning' | 'error' | 'ignore';
  /** warnings the CLI printed before the run (--limit's): the output does not repeat them, as Ansible's display shows each once */
  warningsShown?: string[];
  /** [ssh_connection] retries: attempts after the first to open a connection */
  connectRetries?: number;
  /** [ssh_connection] ssh_args, ssh_common_args (or the flag), ssh_extra_args (or the flag), control_path_dir */
  sshArgs?: string;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  /**
   * -c or [defaults] transport: the connection plugin of hosts no variable or keyword names one for;
   * one fabplay lacks fails those hosts' tasks only, as in Ansible (connection/missing.ts)
   */
  connection?: string;
  controlPathDir?: string;
  hostKeyChecking: 'strict' | 'accept-new' | 'off';
  knownHostsFile?: string;
  connectTimeoutMs: number;
  json: boolean;
  /** --report FILE: the HTML run report written when the run ends (absolute path) */
  report?: string;
  verbosity: number;
  startAtTask?: string;
  forceHandlers: boolean;
  /** notifying a handler that no handler's name or listen matches stops the run (absent: true, as in Ansible) */
  errorOnMissingHandler?: boolean;
  /** [defaults] show_custom_stats: the recap carries set_stats' values (shown after it) */
  showCustomStats?: boolean;
  /** the default callback's options (display_ok_hosts ...) for plain output; absent: Ansible's defaults */
  callback?: CallbackOptions;
  /** with --check: exit 8 when something would change and nothing failed */
  detailedExitCode: boolean;
  /** fact_caching=jsonfile: facts kept between runs (absent: facts live for this run only) */
  factCache?: FactCache;
  /** role search paths, for include_role at run time (added by the executor) */
  rolesPath?: string[];
  /**
   * Ctrl-C: once aborted no task starts, a result that comes after it (a connection the
   * interrupt cut, a command it killed) is not reported as the host's failure, and no recap follows
   */
  signal?: AbortSignal;
  /** secrets known before the run (passwords asked, vault values); the run adds those it meets */
  secrets?: Masker;
  /** where events go instead of the terminal/plain/json output chosen from `json` (tests, embedding) */
  output?: Output;
  /** asks vars_prompt questions (the CLI's: the terminal); absent: nobody to ask, as without a terminal */
  prompter?: Prompter;
}

/** What a become plugin's section and variables of the config set ([sudo_become_plugin], ANSIBLE_SUDO_*). */
export interface BecomePluginSettings {
  user?: string;
  /** become_exe: a piece of command line in sudo's or su's place */
  exe?: string;
  flags?: string;
  password?: string;
  /** su only: the words of its password prompt (localized_prompts); empty: Ansible's list */
  prompts?: string[];
}

/** The person running the playbook, for vars_prompt (the executor never opens a terminal itself). */
export interface Prompter {
  /** Ansible asks only when its stdin is a terminal; otherwise it warns and takes the defaults */
  interactive: boolean;
  /** one answer, echoed or not (`private`) */
  ask(question: string, echo: boolean): string;
  /** a line shown between questions ("***** VALUES ENTERED DO NOT MATCH ****") */
  tell(text: string): void;
  /** a `[WARNING]: ...` line */
  warn(text: string): void;
}
