import type { CommandPlan, ModuleContext, ModuleResult } from '../types.js';
import { pySplitLines } from '../../util/py-text.js';
import { pyBytesRepr, pyShlexQuote } from '../../util/shlex.js';
import { EXEC_ERRNO } from './expand-args.js';
import { ERRNO_WORDS } from '../lib/py-errno.js';

export type { CommandPlan };

/** What command, shell, raw and script share: creates/removes, timing, and Ansible's result. */

/** `2026-11-25 03:04:01.123456`, the format of Ansible's start/end. */
export function ansibleTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`
  );
}

/** `0:00:01.234000`, the format of Ansible's delta. */
export function ansibleDelta(ms: number): string {
  const h = Math.floor(ms / 3600000);
  const m = Math.floor((ms % 3600000) / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}000`;
}

/** True when a path (a glob pattern, like Ansible's creates) matches something on the host. */
export async function remoteGlobExists(ctx: ModuleContext, pattern: string, cwd?: string): Promise<boolean> {
  // the pattern arrives quoted as $1; inside, IFS= keeps it one word while `for` still globs it
  const script = 'IFS=; for f in $1; do [ -e "$f" ] && exit 0; done; exit 1';
  const r = await ctx.probe(['sh', '-c', script, 'sh', pattern], { allowFail: true, cwd });
  return r.rc === 0;
}

/**
 * command/shell change to `chdir` before anything else and fail when they cannot, with Python's
 * OSError text; undefined when the directory can be entered.
 */
export async function chdirFailure(
  ctx: ModuleContext,
  chdir: string | undefined,
  cmd: string | string[],
): Promise<ModuleResult | undefined> {
  if (!chdir) return undefined;
  const errno = await chdirErrno(ctx, chdir);
  if (errno === undefined) return undefined;
  return {
    failed: true,
    changed: false,
    rc: null,
    cmd,
    ...NOT_RUN_FIELDS,
    msg: `Unable to change directory before execution: [Errno ${errno}] ${ERRNO_WORDS[errno]}: ${pyBytesRepr(chdir)}`,
  };
}

/** Why the directory cannot be entered on the host (ENOENT, ENOTDIR, EACCES), or undefined when it can. */
export async function chdirErrno(ctx: ModuleContext, dir: string): Promise<number | undefined> {
  const probe = 'cd -- "$1" 2>/dev/null && exit 0; [ -e "$1" ] || exit 2; [ -d "$1" ] || exit 20; exit 13';
  const r = await ctx.probe(['sh', '-c', probe, 'sh', dir], { allowFail: true });
  return r.rc === 0 ? undefined : r.rc;
}

/** The fields Ansible's command module sets before it runs anything, for a command that did not run. */
const NOT_RUN_FIELDS = {
  start: null,
  end: null,
  delta: null,
  stdout: '',
  stderr: '',
  stdout_lines: [],
  stderr_lines: [],
} as const;

/**
 * Ansible's creates/removes: a result that skips the command, or undefined when it must run.
 * In check mode the wording is "Would not run" like Ansible's.
 */
export async function guard(
  ctx: ModuleContext,
  args: { creates?: string; removes?: string; chdir?: string },
): Promise<ModuleResult | undefined> {
  const verb = ctx.wording('Would', 'Did');
  if (args.creates && (await remoteGlobExists(ctx, args.creates, args.chdir))) {
    return {
      changed: false,
      rc: 0,
      stdout: `skipped, since ${args.creates} exists`,
      stdout_lines: [`skipped, since ${args.creates} exists`],
      stderr: '',
      stderr_lines: [],
      msg: `${verb} not run command since '${args.creates}' exists`,
    };
  }
  if (args.removes && !(await remoteGlobExists(ctx, args.removes, args.chdir))) {
    return {
      changed: false,
      rc: 0,
      stdout: `skipped, since ${args.removes} does not exist`,
      stdout_lines: [`skipped, since ${args.removes} does not exist`],
      stderr: '',
      stderr_lines: [],
      msg: `${verb} not run command since '${args.removes}' does not exist`,
    };
  }
  return undefined;
}

/** Check mode for modules that cannot predict a command: Ansible's partial check support. */
export function checkModeResult(args: { creates?: string; removes?: string }): ModuleResult {
  const guarded = Boolean(args.creates || args.removes);
  // Ansible sets `skipped` only when there is no creates/removes (`'skipped' in result` differs)
  return {
    changed: guarded,
    ...(guarded ? {} : { skipped: true }),
    rc: 0,
    msg: 'Command would have run if not in check mode',
  };
}

/**
 * Runs (a change: check mode gives Ansible's "would have run" result instead), times and shapes
 * a command's result like Ansible's (trailing newlines stripped).
 */
export async function runTimed(ctx: ModuleContext, plan: CommandPlan): Promise<ModuleResult> {
  const start = new Date();
  const r = await ctx.change(plan.what, {
    allowFail: true,
    cwd: plan.cwd,
    stdin: plan.stdin,
    inline: plan.inline,
    logAs: plan.logAs,
  });
  // Ansible's command module fills the result's other fields before it decides not to run
  if (!r)
    return {
      ...checkModeResult(plan.guard ?? {}),
      cmd: plan.cmdShown,
      ...NOT_RUN_FIELDS,
    };
  return commandResult(ctx.host, r, plan, start, new Date());
}

/** Ansible's result of a command that ran (here or as an async job). */
export function commandResult(
  host: string,
  r: { rc: number; stdout: string; stderr: string; cmd: string; timedOut?: boolean },
  plan: Pick<CommandPlan, 'cmdShown' | 'stripEmptyEnds' | 'program'>,
  start: Date,
  end: Date,
): ModuleResult {
  const cannotRun = plan.program !== undefined ? notRunnable(r, plan.program, plan.cmdShown) : undefined;
  if (cannotRun) return cannotRun;
  const strip = plan.stripEmptyEnds ?? true;
  const stdout = strip ? r.stdout.replace(/[\r\n]+$/, '') : r.stdout;
  const stderr = strip ? r.stderr.replace(/[\r\n]+$/, '') : r.stderr;
  const res: ModuleResult = {
    changed: true,
    cmd: plan.cmdShown,
    rc: r.rc,
    stdout,
    stderr,
    // Ansible's *_lines are Python's splitlines()
    stdout_lines: pySplitLines(stdout),
    stderr_lines: pySplitLines(stderr),
    start: ansibleTime(start),
    end: ansibleTime(end),
    delta: ansibleDelta(end.getTime() - start.getTime()),
    msg: '',
  };
  if (r.timedOut) {
    res.failed = true;
    res.msg = `command timed out on ${host}: ${r.cmd}`;
  } else if (r.rc !== 0) {
    res.failed = true;
    // Ansible's words first (playbooks test for them), then what explains the failure
    const why = stderr.replace(/\n+$/, '');
    res.msg = `non-zero return code (rc=${r.rc}) on ${host}: ${r.cmd}` + (why ? `\n${why}` : '');
  }
  return res;
}

/** What programScript's lookup writes for a program that cannot be run: its errno. */
const EXEC_FAILED = new RegExp(`^${EXEC_ERRNO} (\\d+)\\n?$`);

/**
 * Ansible's result for a program its command module could not start (Python's OSError from
 * execvpe): the errno as rc, Python's words, and the command line as one text.
 */
export function notRunnable(
  r: { rc: number; stderr: string },
  program: string,
  shown: string | string[],
): ModuleResult | undefined {
  const m = r.rc === 127 ? EXEC_FAILED.exec(r.stderr) : null;
  if (!m) return undefined;
  return {
    changed: false,
    failed: true,
    cmd: Array.isArray(shown) ? cleanArgs(shown) : shown,
    msg: `[Errno ${m[1]}] ${ERRNO_WORDS[Number(m[1])]}: ${pyBytesRepr(program)}`,
    rc: Number(m[1]),
    stdout: '',
    stderr: '',
    stdout_lines: [],
    stderr_lines: [],
  };
}

/** Ansible's _clean_args: the words as shlex.quote gives them, a password after --password (or in --password=x) masked. */
function cleanArgs(argv: readonly string[]): string {
  const out: string[] = [];
  let password = false;
  for (const a of argv) {
    if (password) {
      password = false;
      out.push('********');
      continue;
    }
    if (/^-{0,2}pass-?(word|wd)?/.test(a)) {
      const eq = a.indexOf('=');
      if (eq > -1) {
        out.push(`${a.slice(0, eq)}=********`);
        continue;
      }
      password = true;
    }
    out.push(a);
  }
  return out.map(pyShlexQuote).join(' ');
}
