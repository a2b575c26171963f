import type { JinjaSyntax } from '../template/compiler.js';
import type {
  BecomeSpec,
  FileReader,
  FileWriter,
  PutOptions,
  ReconnectOptions,
  SshLink,
} from '../connection/types.js';
import type { ArgTable } from './lib/args.js';
import type { ArgRules } from './lib/arg-rules.js';

/**
 * The module contract. A module declares its arguments once (a JSON schema ajv compiles), whether it
 * supports check and diff mode, its aliases, and a run() that reads the current state, compares
 * it with the wanted state, and acts only when they differ (ModuleContext.change: never sent in
 * check mode).
 */

export interface FileDiff {
  /** file content, or a dict of state (path, state, mode...) as the file module reports it */
  before: string | Record<string, unknown>;
  after: string | Record<string, unknown>;
  before_header?: string;
  after_header?: string;
}

/** a diff the module wrote itself, shown as it is (unarchive's itemized changes) */
export interface PreparedDiff {
  prepared: string;
}

export interface ModuleResult {
  /** every module sets it; a task that failed before its module ran has none (Ansible's shape) */
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  /** file diffs (unified diff is made by the output layer), or before/after of other state */
  diff?: FileDiff | FileDiff[] | PreparedDiff;
  /** facts a module sets on the host (set_fact, include_vars, setup) */
  ansible_facts?: Record<string, unknown>;
  /** set_fact's or include_vars' facts in stored form (unsafe values as UnsafeText); never shown */
  [STORED_FACTS]?: Record<string, unknown>;
  /** set_fact with cacheable=true: the facts also go to the fact cache */
  [FACTS_CACHEABLE]?: boolean;
  /** delegate_facts: the delegated host these facts go to, instead of the task's own host */
  [FACTS_HOST]?: string;
  /** values in stored form that a register keeps instead of the shown ones (debug's native texts) */
  [STORED_FORM]?: Record<string, unknown>;
  [key: string]: unknown;
}

export const STORED_FACTS = Symbol('fabplay.storedFacts');
export const FACTS_CACHEABLE = Symbol('fabplay.factsCacheable');
export const FACTS_HOST = Symbol('fabplay.factsHost');
export const STORED_FORM = Symbol('fabplay.storedForm');

/** Output of a remote command, as text. */
export interface RunResult {
  rc: number;
  stdout: string;
  stderr: string;
  /** the command line that ran (for errors and -vvv) */
  cmd: string;
  timedOut?: boolean;
}

export interface RunOptions {
  stdin?: string | Buffer;
  /** true: a non-zero exit is returned, not thrown as CommandError */
  allowFail?: boolean;
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** false: run without the task's become even when the task has one */
  become?: boolean;
  /** fabplay's own script text (see ExecOptions.inline); argv arrays are always inline */
  inline?: boolean;
  /** the command as -vvv shows it, when its text carries data not to be shown (a file's content) */
  logAs?: string;
}

/** A command: an argument vector (quoted by util/shell) or `{ shell: text }` (the shell module, scripts). */
export type Command = readonly string[] | { shell: string };

/** RunResult with the output as bytes. */
export interface BytesResult {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
  cmd: string;
  timedOut?: boolean;
}

/**
 * What a module sees of the host. It reads state with `probe` and alters it with `change`; in
 * check mode the context records a change (shown at -v as "would run") and answers undefined
 * instead of sending it, so a module needs no check-mode guard of its own. There is no
 * connection here: every transfer is a probe or a change too.
 */
export interface ModuleContext {
  /** inventory hostname */
  host: string;
  /** `inCheck` in check mode, `inRun` otherwise: for the wording of results (the context alone decides what is sent) */
  wording<T>(inCheck: T, inRun: T): T;
  /**
   * whether something missing on the host may be taken as made by an earlier task: true in check
   * mode, where the earlier task's change was recorded, not made (Ansible's modules report the
   * change then instead of failing)
   */
  mayBeMadeEarlier(): boolean;
  diff: boolean;
  /** the task's become, if any (probe and change apply it) */
  become?: BecomeSpec;
  /** all variables of this host for this task (templated lazily by the executor) */
  vars: Record<string, unknown>;
  /** gathered facts (ansible_facts) */
  facts: Record<string, unknown>;
  /** runs a command that only reads state; runs in check mode too */
  probe(argv: Command, opts?: RunOptions): Promise<RunResult>;
  /** probe with stdout and stderr as bytes */
  probeBytes(argv: Command, opts?: RunOptions): Promise<BytesResult>;
  /** runs a command that alters the host; in check mode records it and answers undefined */
  change(argv: Command, opts?: RunOptions): Promise<RunResult | undefined>;
  /** change with stdout and stderr as bytes */
  changeBytes(argv: Command, opts?: RunOptions): Promise<BytesResult | undefined>;
  /**
   * a change made of several steps (an atomic file write, an upload and a command): `act` runs
   * only outside check mode; in check mode `what` is recorded and the answer is undefined
   */
  changes<T>(what: string, act: () => Promise<T>): Promise<T | undefined>;
  /** uploads a controller file as the login user (no become); false when check mode kept it back */
  putFile(localPath: string, remotePath: string, opts?: PutOptions): Promise<boolean>;
  /**
   * copies a controller file (or bytes) into a new private directory in the host's /tmp, as the
   * login user and readable by the task's become user, in check mode too: it is the input a
   * check reads (an archive to compare with), as Ansible's action plugins copy to their remote
   * tmp. `cleanup` removes the directory.
   */
  scratchCopy(
    source: { localPath: string } | { data: Buffer },
    name: string,
  ): Promise<{ path: string; cleanup(): Promise<void> }>;
  /**
   * a new private directory in the host's /tmp, as the login user, in check mode too, for files
   * the task runs rather than installs (a module of the user's own and its arguments): `put`
   * writes one there (readable by the task's become user), `cleanup` removes the directory
   */
  scratchDir(): Promise<ScratchDir>;
  /** reads a file as the login user (no become) */
  getFile(remotePath: string): Promise<Buffer>;
  /** SFTP reads with no process on the host, when the transport has them */
  fileReader(): Promise<FileReader | undefined>;
  /** SFTP writes; only inside changes() (an assertion fails in check mode) */
  fileWriter(): Promise<FileWriter | undefined>;
  /** drops the link and opens it again (reboot, wait_for_connection), when the transport can; never in check mode */
  reconnect?(opts?: ReconnectOptions): Promise<void>;
  /** drops the link (reboot waits for the host with it down) */
  disconnect(): Promise<void>;
  /** 'ssh', 'local', ... for messages */
  connectionKind: string;
  /** the host delegate_to names, when the task is delegated (the context then reaches that host) */
  delegatedTo?: string;
  /**
   * how the task's own host (never a delegate) is reached over SSH, for a program the module runs
   * on the controller that logs in itself (synchronize's rsync); undefined for a local host
   */
  sshLink(): SshLink | undefined;
  /**
   * the controller's side of the task: probe and change run there, without the task's become,
   * under the same check-mode guard (synchronize runs rsync there)
   */
  onController(): ModuleContext;
  /** gathers facts from the host (setup) */
  gatherFacts(opts: {
    subset?: string[];
    filter?: string | string[];
    factPath?: string;
    /** gather_timeout: the gathering fails when it takes longer (seconds) */
    timeoutS?: number;
    /** hears the warnings Ansible's setup gives (a custom fact that failed to load) */
    warn?: (msg: string) => void;
  }): Promise<Record<string, unknown>>;
  /** the home directory of the user commands run as (cached per connection and become user) */
  remoteHome(): Promise<string>;
  /** a warning for the result (`warnings: [...]`, shown as Ansible's [WARNING]: lines) */
  warn(msg: string): void;
  /**
   * a warning shown before the host's result line each time, not part of the result (Ansible's
   * display.warning in an action plugin, which `register` does not see)
   */
  displayWarning(msg: string): void;
  /** finds a controller file for `src:` in the role's files/ or templates/ dir, then the playbook dir */
  findFile(kind: 'files' | 'templates' | 'tasks' | 'vars', name: string): string;
  /**
   * renders Jinja2 template text with this host's vars (plus extra vars); with the template's
   * file, its `{% include %}`/`{% import %}`/`{% extends %}` find files as Ansible's do
   */
  render(
    text: string,
    extra?: Record<string, unknown>,
    file?: { source: string; syntax?: JinjaSyntax },
  ): string;
  /**
   * the module_defaults that apply to `module` under this task (templated): an action that runs
   * another module (package runs apt, service runs systemd) gives it that module's defaults, as
   * Ansible's package and service actions do
   */
  defaultsOf?(module: string): Record<string, unknown>;
  /** verbose log line, shown at -vvv */
  log(msg: string): void;
  /** the task's environment keyword */
  env?: Record<string, string>;
  /** the task's timeout, in ms */
  timeoutMs?: number;
  /** directory of the file the task is written in (include_vars dir: resolves from there) */
  taskDir?: string;
  /** the task's role directory, if any */
  rolePath?: string;
  /** where the task's lookups search (Ansible's ansible_search_path), for modules that template */
  searchPaths?: readonly string[];
}

export interface ModuleDef<A = Record<string, any>> {
  name: string;
  /** other names, e.g. 'yum' for dnf; 'ansible.builtin.NAME' is added by the registry */
  aliases?: string[];
  /** JSON schema of the arguments (type object); ajv checks args before run() */
  schema: Record<string, unknown>;
  supportsCheck: boolean;
  supportsDiff: boolean;
  /**
   * for command/shell/raw/script: the free-form text (`command: ls -l`) goes into this argument,
   * and `key=value` words before it are split off as arguments.
   */
  freeForm?: string;
  /** key=value strings (`copy: src=a dest=b`) are parsed into args (true for most modules) */
  acceptsKeyValue?: boolean;
  /**
   * arguments templated in stored form, so that a value rendered from something unsafe arrives
   * as an UnsafeText (template/unsafe.ts): all of them when they become variables (set_fact), or
   * the named ones a module evaluates itself as expressions (assert's `that`, debug's `var`)
   */
  keepsUnsafe?: true | readonly string[];
  /** its arguments are its own to check (a module of the user's own: fabplay knows no table of them) */
  unchecked?: true;
  /** the argument table (defineModule): types, choices, aliases, defaults, what is unsupported */
  args?: ArgTable;
  /** Ansible's rules between arguments, and the required ones (defineModule) */
  rules?: ArgRules;
  required?: readonly string[];
  run(ctx: ModuleContext, args: A): Promise<ModuleResult>;
  /**
   * For `async:` tasks (command-style modules): the command run() would run, for the executor to
   * start in the background on the host, or the result that stops the module before it (check of
   * arguments, chdir, creates/removes). A module without it refuses `async`.
   */
  asyncPlan?(ctx: ModuleContext, args: A): Promise<CommandPlan | ModuleResult>;
  /**
   * The paths run() will lstat, and the regular files it will read, when args are these: a loop
   * asks them for all its items at once before the first (executor/loop-prefetch.ts). Pure: no
   * host, no context; undefined when they cannot be told from the arguments alone.
   */
  probes?(args: Record<string, unknown>): ProbePaths | undefined;
}

/** A private directory on the host for the duration of a task (ModuleContext.scratchDir). */
export interface ScratchDir {
  dir: string;
  /** writes the file `name` in the directory; its path */
  put(name: string, source: { localPath: string } | { data: Buffer }, mode?: number): Promise<string>;
  cleanup(): Promise<void>;
}

/** What a module's check looks at on the host (ModuleDef.probes). */
export interface ProbePaths {
  stat: string[];
  read: string[];
}

export function isCommandPlan(p: CommandPlan | ModuleResult): p is CommandPlan {
  return 'what' in p && p.what !== undefined;
}

/** A command a module runs and how its result is shaped (command, shell). */
export interface CommandPlan {
  what: Command;
  /** fabplay's own script (see RunOptions.inline) */
  inline?: boolean;
  /** what -v shows of `what` */
  logAs?: string;
  /** the program `what` runs by exec: one that cannot be run gives Ansible's [Errno N] result */
  program?: string;
  /** the `cmd` of the result */
  cmdShown: string | string[];
  cwd?: string;
  stdin?: string;
  stripEmptyEnds?: boolean;
  guard?: { creates?: string; removes?: string };
  /** what it prints is a module's JSON, its result (a module of the user's own run async) */
  moduleOutput?: true;
}
