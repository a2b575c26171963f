import { CommandError } from '../../errors.js';
import { gatherFacts } from '../../facts/gather.js';
import { cmd } from '../../util/shell.js';
import { LocalConnection } from '../../connection/local.js';
import type {
  BecomeSpec,
  Connection,
  FileReader,
  FileWriter,
  PutOptions,
  SshLink,
} from '../../connection/types.js';
import type { BytesResult, Command, ModuleContext, RunOptions, RunResult } from '../types.js';
import { extensibleCopy } from '../../util/extensible-copy.js';

/**
 * The one place a module's commands and file transfers reach the host. A module reads state with
 * `probe` (runs in check mode too) and alters the host with `change`; the context, not the module,
 * decides that check mode sends no change: there a change is recorded, logged at -v as
 * "would run", and answered with undefined. Modules never see the connection.
 */

export interface ContextInput {
  /** inventory hostname */
  host: string;
  conn: Connection;
  /** the host delegate_to names, when the task is delegated */
  delegatedTo?: string;
  /** how the task's own host is reached over SSH (undefined: a local host) */
  sshLink?: () => SshLink | undefined;
  check: boolean;
  diff: boolean;
  become?: BecomeSpec;
  vars: Record<string, unknown>;
  facts: Record<string, unknown>;
  env?: Record<string, string>;
  timeoutMs?: number;
  taskDir?: string;
  /** where lookups and includes in templates look for files (ansible_search_path) */
  searchPaths?: readonly string[];
  rolePath?: string;
  findFile: ModuleContext['findFile'];
  render: ModuleContext['render'];
  defaultsOf?: ModuleContext['defaultsOf'];
  /** a log line shown from verbosity `level` (EXEC lines: 3, "would run": 1) */
  log: (msg: string, level: number) => void;
  /** shows a warning with the host's result, outside it (ModuleContext.displayWarning) */
  display?: (msg: string) => void;
}

/** One step a module took, in order: what it read, and what it changed or would have changed. */
export interface Step {
  verb: 'probe' | 'change';
  /** the command line, or a description of a file transfer */
  what: string;
  /** false: a change check mode kept from the host */
  sent: boolean;
  /** a step of a change block (changes()), recorded after the block's own step */
  inBlock?: true;
}

/** A ModuleContext with what it saw: the steps it took and the warnings the module gave. */
export interface ContextHandle {
  ctx: ModuleContext;
  steps: Step[];
  warnings: string[];
}

/** Thrown when a change reaches the transport in check mode: a bug in fabplay, never the user's. */
export class CheckModeViolation extends Error {
  constructor(host: string, what: string) {
    super(`BUG: a change reached ${host} in check mode: ${what}`);
    this.name = 'CheckModeViolation';
  }
}

const homes = new WeakMap<Connection, Map<string, Promise<string>>>();

/** `seen`: the steps and warnings of the context this one serves (the controller's side of a task) */
export function createModuleContext(
  i: ContextInput,
  seen: { steps: Step[]; warnings: string[] } = { steps: [], warnings: [] },
): ContextHandle {
  const { steps, warnings } = seen;
  const { conn, host } = i;
  const exec = async (argv: Command, opts: RunOptions): Promise<BytesResult> => {
    const text = 'shell' in argv ? argv.shell : cmd(argv);
    i.log(`<${host}> EXEC ${opts.logAs ?? text}`, 3);
    const env = opts.env || i.env ? { ...i.env, ...opts.env } : undefined;
    const r = await conn.exec(text, {
      stdin: opts.stdin,
      cwd: opts.cwd,
      env,
      become: opts.become === false ? undefined : i.become,
      timeoutMs: opts.timeoutMs ?? i.timeoutMs,
      inline: opts.inline ?? !('shell' in argv),
    });
    const shown = opts.logAs ?? text;
    if (r.rc !== 0 && !opts.allowFail)
      throw new CommandError(host, shown, r.rc, r.stdout.toString('utf8'), r.stderr.toString('utf8'));
    return { rc: r.rc, stdout: r.stdout, stderr: r.stderr, cmd: shown, timedOut: r.timedOut };
  };
  /** the guard every change passes on its way to the transport */
  let blocks = 0;
  const record = (step: Step) => steps.push(blocks ? { ...step, inBlock: true } : step);
  const mayChange = (what: string): boolean => {
    if (!i.check) {
      record({ verb: 'change', what, sent: true });
      return true;
    }
    steps.push({ verb: 'change', what, sent: false });
    i.log(`<${host}> would run: ${what}`, 1);
    return false;
  };
  const assertNotCheck = (what: string): void => {
    if (i.check) throw new CheckModeViolation(host, what);
  };
  let controller: ModuleContext | undefined;
  const describe = (argv: Command) => ('shell' in argv ? argv.shell : cmd(argv));
  const probeBytes = (argv: Command, opts: RunOptions = {}) => {
    record({ verb: 'probe', what: describe(argv), sent: true });
    return exec(argv, opts);
  };
  const changeBytes = async (argv: Command, opts: RunOptions = {}) => {
    const what = opts.logAs ?? describe(argv);
    if (!mayChange(what)) return undefined;
    assertNotCheck(what);
    return exec(argv, opts);
  };
  const ctx: ModuleContext = {
    host,
    wording: (inCheck, inRun) => (i.check ? inCheck : inRun),
    mayBeMadeEarlier: () => i.check,
    diff: i.diff,
    become: i.become,
    vars: i.vars,
    facts: i.facts,
    env: i.env,
    timeoutMs: i.timeoutMs,
    taskDir: i.taskDir,
    searchPaths: i.searchPaths,
    rolePath: i.rolePath,
    findFile: i.findFile,
    render: i.render,
    defaultsOf: i.defaultsOf,
    log: (msg) => i.log(msg, 3),
    warn: (msg) => void warnings.push(msg),
    displayWarning: (msg) => (i.display ? i.display(msg) : void warnings.push(msg)),
    probe: async (argv, opts) => asText(await probeBytes(argv, opts)),
    probeBytes,
    async change(argv, opts) {
      const r = await changeBytes(argv, opts);
      return r && asText(r);
    },
    changeBytes,
    // the steps inside (commands, uploads, SFTP writes) each pass the same guard again
    async changes(what, act) {
      if (!mayChange(what)) return undefined;
      blocks++;
      try {
        return await act();
      } finally {
        blocks--;
      }
    },
    async putFile(localPath, remotePath, opts?: PutOptions) {
      const what = `upload ${localPath} to ${remotePath}`;
      if (!mayChange(what)) return false;
      assertNotCheck(what);
      await conn.putFile(localPath, remotePath, opts);
      return true;
    },
    async scratchDir() {
      const asLogin = { become: false } as const;
      const mktemp = ['mktemp', '-d', '/tmp/.fabplay-scratch.XXXXXXXX'];
      const dir = (await probeBytes(mktemp, asLogin)).stdout.toString('utf8').trim();
      return {
        dir,
        async put(name, source, mode = 0o600) {
          const path = `${dir}/${name}`;
          const from = 'localPath' in source ? source.localPath : `${source.data.length} bytes`;
          record({ verb: 'probe', what: `upload ${from} to ${path} (scratch)`, sent: true });
          if ('localPath' in source) await conn.putFile(source.localPath, path, { mode });
          else await conn.put(source.data, path, { mode });
          // a become user other than the login user reads it (Ansible's _fixup_perms2)
          if (i.become) await probeBytes(['chmod', '-R', 'a+rX', dir], asLogin);
          return path;
        },
        cleanup: async () =>
          void (await probeBytes(['rm', '-rf', '--', dir], { ...asLogin, allowFail: true })),
      };
    },
    async scratchCopy(source, name) {
      const scratch = await ctx.scratchDir();
      try {
        return { path: await scratch.put(name, source), cleanup: scratch.cleanup };
      } catch (e) {
        await scratch.cleanup();
        throw e;
      }
    },
    getFile(remotePath) {
      record({ verb: 'probe', what: `download ${remotePath}`, sent: true });
      return conn.get(remotePath);
    },
    async fileReader(): Promise<FileReader | undefined> {
      return conn.fileReader?.();
    },
    async fileWriter(): Promise<FileWriter | undefined> {
      // SFTP writes happen only inside changes(): in check mode the block never runs
      assertNotCheck('an SFTP write');
      return conn.fileWriter?.();
    },
    reconnect: conn.reconnect
      ? async (opts) => {
          assertNotCheck('reconnect');
          await conn.reconnect!(opts);
        }
      : undefined,
    disconnect: () => conn.close(),
    delegatedTo: i.delegatedTo,
    sshLink: () => i.sshLink?.(),
    onController() {
      // no become there: Ansible's synchronize escalates on the host rsync logs in to, not here
      controller ??= createModuleContext(
        { ...i, host: 'localhost', conn: new LocalConnection('localhost'), become: undefined },
        seen,
      ).ctx;
      return controller;
    },
    connectionKind: conn.kind,
    gatherFacts: (opts) => gatherFacts(conn, opts),
    remoteHome() {
      let byUser = homes.get(conn);
      if (!byUser) homes.set(conn, (byUser = new Map()));
      const key = i.become?.user ?? '';
      let home = byUser.get(key);
      if (!home) {
        home = probeBytes(['sh', '-c', 'cd ~ && pwd']).then((r) => r.stdout.toString('utf8').trim());
        byUser.set(key, home);
      }
      return home;
    },
  };
  return { ctx, steps, warnings };
}

/** The answer of a change inside changes(): there it is always sent (check mode never runs the block). */
export function sent<T>(r: T | undefined, host: string, what: string): T {
  if (r === undefined) throw new CheckModeViolation(host, what);
  return r;
}

function asText(r: BytesResult): RunResult {
  return {
    rc: r.rc,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
    cmd: r.cmd,
    timedOut: r.timedOut,
  };
}

/** A result's warnings as text (Ansible takes a single string as a list of one). */
export function warningsOf(result: Record<string, unknown>): string[] {
  const w = result.warnings;
  if (w === undefined || w === null || w === '') return [];
  return (Array.isArray(w) ? w : [w]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

/** A result with the warnings the module gave through ctx.warn added to its own. */
export function withWarnings<R extends Record<string, unknown>>(res: R, warnings: readonly string[]): R {
  if (warnings.length === 0) return res;
  const out = extensibleCopy(res);
  (out as Record<string, unknown>).warnings = [...warningsOf(res), ...warnings];
  return out;
}

/**
 * A script with its positional parameters ($1, $2, ...) as shell text that runs in the command's
 * own shell: the same as `sh -c SCRIPT name ARGS...` without starting one more shell on the host
 * (a process there costs several ms). The braces keep a `cd` prefix guarding the whole script.
 */
export function scriptText(script: string, args: readonly string[]): string {
  return `{ set -- ${cmd(args)}\n${script}\n}`;
}
