import { CommandError } from '../../errors.js';
import { cmd } from '../../util/shell.js';
import type { BecomeSpec, Connection } from '../../connection/types.js';
import type { RunOptions, RunResult } from '../types.js';

/**
 * ModuleContext.run: runRaw with the output as text. `log` receives the EXEC line (-vvv).
 */
export async function runOn(
  conn: Connection,
  argv: readonly string[] | { shell: string },
  opts: RunOptions & {
    taskBecome?: BecomeSpec;
    taskEnv?: Record<string, string>;
    taskTimeoutMs?: number;
    log?: (msg: string) => void;
  } = {},
): Promise<RunResult> {
  const { taskBecome, taskEnv, taskTimeoutMs, log, ...runOpts } = opts;
  const task = { conn, become: taskBecome, env: taskEnv, timeoutMs: taskTimeoutMs, log };
  const r = await runRaw(task, argv, runOpts);
  return {
    rc: r.rc,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
    cmd: r.cmd,
    timedOut: r.timedOut,
  };
}

/**
 * The one place a module's command becomes shell text and runs, with stdout and stderr as bytes
 * (ModuleContext.run is this with text): argv goes through util/shell.cmd, the task's become,
 * environment and timeout are applied, and a non-zero exit throws CommandError (host, command,
 * rc, stderr) unless allowFail.
 */
export async function runRaw(
  ctx: {
    conn: Connection;
    become?: BecomeSpec;
    env?: Record<string, string>;
    timeoutMs?: number;
    log?: (msg: string) => void;
  },
  argv: readonly string[] | { shell: string },
  opts: RunOptions = {},
): Promise<{ rc: number; stdout: Buffer; stderr: Buffer; cmd: string; timedOut?: boolean }> {
  const text = 'shell' in argv ? argv.shell : cmd(argv);
  ctx.log?.(`<${ctx.conn.host}> EXEC ${text}`);
  const env = opts.env || ctx.env ? { ...ctx.env, ...opts.env } : undefined;
  const r = await ctx.conn.exec(text, {
    stdin: opts.stdin,
    cwd: opts.cwd,
    env,
    become: opts.become === false ? undefined : ctx.become,
    timeoutMs: opts.timeoutMs ?? ctx.timeoutMs,
    inline: opts.inline ?? !('shell' in argv),
  });
  if (r.rc !== 0 && !opts.allowFail)
    throw new CommandError(ctx.conn.host, text, r.rc, r.stdout.toString('utf8'), r.stderr.toString('utf8'));
  return { rc: r.rc, stdout: r.stdout, stderr: r.stderr, cmd: text, timedOut: r.timedOut };
}

/**
 * A script with its positional parameters ($1, $2, ...) as shell text that runs in the command's
 * own shell: the same as `sh -c SCRIPT name ARGS...` without starting one more shell on the host
 * (a process there costs several ms). The braces keep a `cd` prefix guarding the whole script.
 */
export function scriptText(script: string, args: readonly string[]): string {
  return `{ set -- ${cmd(args)}\n${script}\n}`;
}
