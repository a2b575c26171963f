import type { Connection, BecomeSpec } from '../connection/types.js';

/**
 * The module contract. A module declares its arguments once (a JSON schema ajv compiles), whether it
 * supports check and diff mode, its aliases, and a run() that reads the current state, compares
 * it with the wanted state, and acts only when they differ (never in check mode).
 */

export interface FileDiff {
  before: string;
  after: string;
  before_header?: string;
  after_header?: string;
}

export interface ModuleResult {
  changed: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  /** file diffs (unified diff is made by the output layer), or before/after of other state */
  diff?: FileDiff | FileDiff[];
  /** facts a module sets on the host (set_fact, include_vars, setup) */
  ansible_facts?: Record<string, unknown>;
  /** set_fact's or include_vars' facts in stored form (unsafe values as UnsafeText); never shown */
  [STORED_FACTS]?: Record<string, unknown>;
  [key: string]: unknown;
}

export const STORED_FACTS = Symbol('fabplay.storedFacts');

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
}

export interface ModuleContext {
  /** inventory hostname */
  host: string;
  conn: Connection;
  check: boolean;
  diff: boolean;
  /** the task's become, if any (run() applies it) */
  become?: BecomeSpec;
  /** all variables of this host for this task (templated lazily by the executor) */
  vars: Record<string, unknown>;
  /** gathered facts (ansible_facts) */
  facts: Record<string, unknown>;
  /** runs an argument vector (quoted by util/shell) or `{ shell: text }` for the shell module */
  run(argv: readonly string[] | { shell: string }, opts?: RunOptions): Promise<RunResult>;
  /** finds a controller file for `src:` in the role's files/ or templates/ dir, then the playbook dir */
  findFile(kind: 'files' | 'templates' | 'tasks' | 'vars', name: string): string;
  /** renders Jinja2 template text with this host's vars (plus extra vars) */
  render(text: string, extra?: Record<string, unknown>): string;
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
  run(ctx: ModuleContext, args: A): Promise<ModuleResult>;
}
