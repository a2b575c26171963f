import { CommandError } from '../../errors.js';
import { cmd } from '../../util/shell.js';
import type { BecomeSpec, Connection } from '../../connection/types.js';
import type { RunOptions, RunResult } from '../types.js';

/**
 * The one place a module's command becomes shell text and runs: argv goes through util/shell.cmd,
 * the task's become and environment are applied, and a non-zero exit throws CommandError
 * (host, command, rc, stderr) unless allowFail.
 */
export async function runOn(
  conn: Connection,
  argv: readonly string[] | { shell: string },
  opts: RunOptions & {
    taskBecome?: BecomeSpec;
    taskEnv?: Record<string, string>;
    taskTimeoutMs?: number;
  } = {},
): Promise<RunResult> {
  const text = 'shell' in argv ? argv.shell : cmd(argv);
  const become = opts.become === false ? undefined : opts.taskBecome;
  const env = opts.env || opts.taskEnv ? { ...opts.taskEnv, ...opts.env } : undefined;
  const r = await conn.exec(text, {
    stdin: opts.stdin,
    cwd: opts.cwd,
    env,
    become,
    timeoutMs: opts.timeoutMs ?? opts.taskTimeoutMs,
    inline: opts.inline ?? !('shell' in argv),
  });
  const res: RunResult = {
    rc: r.rc,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
    cmd: text,
    timedOut: r.timedOut,
  };
  if (r.rc !== 0 && !opts.allowFail) throw new CommandError(conn.host, text, r.rc, res.stdout, res.stderr);
  return res;
}

/**
 * Like ModuleContext.run, but keeps stdout and stderr as bytes (for reading files binary-safe):
 * the same quoting (util/shell.cmd), the task's become, environment and timeout.
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
): Promise<{ rc: number; stdout: Buffer; stderr: Buffer; cmd: string }> {
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
  return { rc: r.rc, stdout: r.stdout, stderr: r.stderr, cmd: text };
}

/**
 * A script with its positional parameters ($1, $2, ...) as shell text that runs in the command's
 * own shell: the same as `sh -c SCRIPT name ARGS...` without starting one more shell on the host
 * (a process there costs several ms). The braces keep a `cd` prefix guarding the whole script.
 */
export function scriptText(script: string, args: readonly string[]): string {
  return `{ set -- ${cmd(args)}\n${script}\n}`;
}
