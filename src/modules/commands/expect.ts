import { ansibleDelta, ansibleTime, chdirErrno } from './run-common.js';
import { EXPECT_DRIVER, driverInput, driverVerdict } from './expect-driver.js';
import { pyStr } from '../../template/python.js';
import { pySplitLines } from '../../util/py-text.js';
import { pyBytesRepr } from '../../util/shlex.js';
import { cmd } from '../../util/shell.js';
import { ERRNO_WORDS } from '../lib/py-errno.js';
import { defineModule, ModuleFailure, type ArgsOf, type ArgTable } from '../lib/args.js';
import type { ModuleContext, ModuleResult } from '../types.js';

/**
 * ansible.builtin.expect: runs a command on a terminal and answers its prompts (expect-driver.ts
 * says how, without Python on the host). No check mode, as Ansible's (the executor skips the task).
 */
const args = {
  command: { type: 'string' },
  chdir: { type: 'string', remotePath: true },
  creates: { type: 'string', remotePath: true },
  removes: { type: 'string', remotePath: true },
  responses: { type: 'object' },
  // an int, or null for no timeout: checked in run() (the schema's integer refuses null)
  timeout: { type: 'any', default: 30 },
  echo: { type: 'boolean', default: false },
} as const satisfies ArgTable;

/** pexpect's split_command_line: quotes and backslashes as it reads them (not shlex's rules). */
export function pexpectSplit(line: string): string[] {
  const out: string[] = [];
  let arg = '';
  let state: 'basic' | 'space' | 'esc' | "'" | '"' = 'basic';
  for (const c of line) {
    if (state === 'esc') [arg, state] = [arg + c, 'basic'];
    else if (state === "'" || state === '"') {
      if (c === state) state = 'basic';
      else arg += c;
    } else if (c === '\\') state = 'esc';
    else if (c === "'" || c === '"') state = c;
    else if (/\s/u.test(c)) {
      if (state === 'basic') out.push(arg);
      [arg, state] = ['', 'space'];
    } else [arg, state] = [arg + c, 'basic'];
  }
  if (arg !== '') out.push(arg);
  return out;
}

/** An answer as the module sends it: Python's str of the value, its trailing newlines replaced by one. */
const answer = (v: unknown): string => `${pyStr(v).replace(/\n+$/, '')}\n`;

/** The timeout in seconds, or null for none (Ansible's int, or None). */
function timeoutOf(v: unknown): number | null {
  if (v === null) return null;
  const n = typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n === 'number' && Number.isInteger(n)) return n;
  throw new ModuleFailure(`argument 'timeout' is of type ${typeof v} and we were unable to convert to int`);
}

/** Whether a path exists on the host, from `cwd` (os.path.exists: no glob, links followed). */
async function exists(ctx: ModuleContext, path: string, cwd?: string): Promise<boolean> {
  return (await ctx.probe(['test', '-e', path], { allowFail: true, cwd })).rc === 0;
}

/** Ansible's os.chdir() fails with an OSError (a traceback there): the same errno here, said plainly. */
async function chdirProblem(ctx: ModuleContext, dir: string): Promise<string | undefined> {
  const errno = await chdirErrno(ctx, dir);
  return errno === undefined
    ? undefined
    : `cannot change to chdir ${dir}: [Errno ${errno}] ${ERRNO_WORDS[errno]}`;
}

/** The result of a guard that kept the command from running. */
const skipped = (command: string, why: string): ModuleResult => ({
  changed: false,
  cmd: command,
  rc: 0,
  stdout: `skipped, since ${why}`,
  stdout_lines: [`skipped, since ${why}`],
});

async function run(
  ctx: ModuleContext,
  a: ArgsOf<typeof args, 'command' | 'responses'>,
): Promise<ModuleResult> {
  const timeout = timeoutOf(a.timeout);
  const responses = Object.entries(a.responses).map(([pattern, v]) => ({
    pattern,
    listed: Array.isArray(v),
    answers: Array.isArray(v) ? v.map(answer) : [answer(v)],
  }));
  if (a.command.trim() === '') return { failed: true, changed: false, rc: 256, msg: 'no command given' };
  if (a.chdir) {
    const problem = await chdirProblem(ctx, a.chdir);
    if (problem) return { failed: true, changed: false, msg: problem };
  }
  if (a.creates && (await exists(ctx, a.creates, a.chdir))) return skipped(a.command, `${a.creates} exists`);
  if (a.removes && !(await exists(ctx, a.removes, a.chdir)))
    return skipped(a.command, `${a.removes} does not exist`);
  const argv = pexpectSplit(a.command);
  // pexpect's terminal: 24x80, echo off unless asked for; then the program itself, not a shell
  const shellLine = `stty ${a.echo ? '' : '-echo '}rows 24 cols 80 2>/dev/null; exec ${cmd(argv)}`;
  const start = new Date();
  const r = await ctx.change(['perl', '-e', EXPECT_DRIVER], {
    allowFail: true,
    cwd: a.chdir,
    stdin: driverInput({ timeout, echo: a.echo, argv, shellLine, responses }),
    logAs: `expect: ${a.command}`,
  });
  const end = new Date();
  if (!r) return { changed: true, msg: 'expect would run the command (not in check mode)' };
  const verdict = driverVerdict(r.stderr);
  if (!verdict || verdict.kind === 'noscript')
    throw new ModuleFailure(
      'expect needs perl and script (util-linux) on the host: install perl-base and bsdutils (Debian) or perl and util-linux',
      { rc: r.rc, stderr: r.stderr },
    );
  if (verdict.kind === 'notfound')
    return { failed: true, msg: `The command was not found or was not executable: ${argv[0] ?? ''}.` };
  if (verdict.kind === 'badre')
    return {
      failed: true,
      msg: `responses: bad pattern ${JSON.stringify(responses[verdict.index]!.pattern)}: ${verdict.error.trim()}`,
    };
  if (verdict.kind === 'noanswer')
    return {
      failed: true,
      msg: `No remaining responses for '${responses[verdict.index]!.pattern}', output was '${pyBytesRepr(verdict.seen)}'`,
    };
  const stdout = r.stdout.replace(/[\r\n]+$/, '');
  const result: ModuleResult = {
    changed: true,
    cmd: a.command,
    stdout,
    stdout_lines: pySplitLines(stdout),
    rc: verdict.kind === 'exit' ? verdict.rc : null,
    start: ansibleTime(start),
    end: ansibleTime(end),
    delta: ansibleDelta(end.getTime() - start.getTime()),
  };
  if (verdict.kind === 'timeout') return { ...result, failed: true, msg: 'command exceeded timeout' };
  if (verdict.rc !== 0) return { ...result, failed: true, msg: 'non-zero return code' };
  return result;
}

export const expect = defineModule({
  name: 'expect',
  args,
  required: ['command', 'responses'],
  supportsCheck: false,
  supportsDiff: false,
  run,
});
