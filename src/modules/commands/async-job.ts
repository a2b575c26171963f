import { randomInt } from 'node:crypto';
import { cmd, quote } from '../../util/shell.js';
import { commandResult } from './run-common.js';
import { asyncModuleResult } from '../own/module-output.js';
import type { CommandPlan, ModuleContext, ModuleResult } from '../types.js';

/**
 * Async jobs (`async:` on a command or shell task, then `async_status`): the command runs in the
 * background on the host, detached from fabplay's session, and leaves its output in a job
 * directory ~/.ansible_async/<jid>/ of the user it runs as (Ansible's async_dir; Ansible keeps one
 * JSON file there, fabplay a directory: stdout, stderr, rc, start, end, meta.json). Reading a job
 * is a probe; nothing is evaluated from it except the meta.json fabplay itself wrote.
 */

/** A job id in Ansible's form: j<12 digits>.<pid>. */
export function newJobId(): string {
  return `j${String(randomInt(1e11, 1e12))}.${process.pid}`;
}

/** The job directory under the home of the user the job runs as. */
export async function jobDir(ctx: ModuleContext, jid: string): Promise<string> {
  if (!/^[A-Za-z0-9_.-]+$/.test(jid)) throw new Error(`not a job id: '${jid}'`);
  return `${await ctx.remoteHome()}/.ansible_async/${jid}`;
}

/**
 * The detached runner: runs "$@" in a session of its own (setsid, where present), with the
 * plan's directory and stdin, and a watchdog that kills the session once `limit` seconds have
 * passed, when Ansible's async_wrapper would (its "Timeout exceeded"). rc is written last, by rename: its presence
 * means the job is done.
 */
const RUNNER = [
  'd=$1; c=$2; t=$3; shift 3',
  'in=/dev/null; [ -f "$d/stdin" ] && in="$d/stdin"',
  'S=; command -v setsid >/dev/null 2>&1 && S=setsid',
  'date +%s%N > "$d/start"',
  '{ [ "$c" = - ] || cd "$c"; exec $S "$@" > "$d/stdout" 2> "$d/stderr" < "$in"; } & p=$!',
  // $t: when Ansible's async_wrapper kills it (it checks every 5 s, after a first 5 s)
  '( n=0; while [ $n -le "$t" ]; do sleep 1; n=$((n+1)); done;' +
    ' : > "$d/timedout"; kill -KILL -$p 2>/dev/null || kill -KILL $p 2>/dev/null ) & w=$!',
  // the watchdog goes with the job, so it never signals a process id used again later
  'wait $p; rc=$?; kill $w 2>/dev/null',
  'date +%s%N > "$d/end"',
  'echo $rc > "$d/rc.tmp" && mv "$d/rc.tmp" "$d/rc"',
].join('\n');

/** Seconds after which async_wrapper kills a job: it sleeps 5 s, then checks every 5 s. */
export function killAfter(limitSecs: number): number {
  return 5 * (Math.max(1, Math.ceil(limitSecs / 5)) + 1);
}

/** Starts the plan in the background; the job's id and results path (undefined in check mode). */
export async function startJob(
  ctx: ModuleContext,
  plan: CommandPlan,
  limitSecs: number,
): Promise<{ jid: string; resultsFile: string } | undefined> {
  const jid = newJobId();
  const dir = await jobDir(ctx, jid);
  const argv = Array.isArray(plan.what)
    ? [...plan.what]
    : ['/bin/sh', '-c', (plan.what as { shell: string }).shell];
  const meta = JSON.stringify({
    cmd: plan.cmdShown,
    strip: plan.stripEmptyEnds ?? true,
    line: plan.logAs ?? cmd(argv),
    program: plan.program,
    module: plan.moduleOutput,
  });
  const lines = [
    `d=${quote(dir)}`,
    'mkdir -p "$d" || exit 1',
    `printf '%s' ${quote(meta)} > "$d/meta.json"`,
    ...(plan.stdin !== undefined ? [`printf '%s' ${quote(plan.stdin)} > "$d/stdin"`] : []),
    `nohup sh -c ${quote(RUNNER)} sh "$d" ${quote(plan.cwd ?? '-')} ${killAfter(limitSecs)} ${cmd(argv)} > /dev/null 2>&1 < /dev/null &`,
  ];
  // a failure to start throws (CommandError), as any change does
  const r = await ctx.change({ shell: lines.join('\n') });
  return r && { jid, resultsFile: dir };
}

/** Whether a job directory is missing, running (no rc yet) or done. */
const READER = [
  'd=$1',
  '[ -d "$d" ] || { echo missing; exit 0; }',
  '[ -f "$d/rc" ] || { echo running; exit 0; }',
  'echo done',
].join('\n');

/** Reads a job: `finished: 0` while it runs, the module's result when done (Ansible's async_status). */
export async function readJob(ctx: ModuleContext, jid: string): Promise<ModuleResult> {
  const dir = await jobDir(ctx, jid);
  const state = (await ctx.probe(['sh', '-c', READER, 'sh', dir])).stdout.trim();
  if (state === 'missing')
    return {
      changed: false,
      failed: true,
      msg: 'could not find job',
      ansible_job_id: jid,
      started: 1,
      finished: 1,
    };
  const base = { ansible_job_id: jid, results_file: dir, started: 1 };
  if (state === 'running')
    return {
      changed: false,
      ...base,
      finished: 0,
      stdout: '',
      stderr: '',
      stdout_lines: [],
      stderr_lines: [],
    };
  const file = async (name: string): Promise<string> =>
    (await ctx.probe(['cat', `${dir}/${name}`], { allowFail: true })).stdout;
  const meta = JSON.parse(await file('meta.json')) as {
    cmd: string | string[];
    strip: boolean;
    line: string;
    program?: string;
    module?: true;
  };
  if ((await ctx.probe(['test', '-e', `${dir}/timedout`], { allowFail: true })).rc === 0)
    return { changed: false, failed: true, msg: 'Timeout exceeded', ...base, finished: 1 };
  if (meta.module) {
    const run = {
      rc: Number((await file('rc')).trim()),
      stdout: await file('stdout'),
      stderr: await file('stderr'),
    };
    return { ...asyncModuleResult(run, meta.line), ...base, finished: 1 };
  }
  const res = commandResult(
    ctx.host,
    {
      rc: Number((await file('rc')).trim()),
      stdout: await file('stdout'),
      stderr: await file('stderr'),
      cmd: meta.line,
    },
    { cmdShown: meta.cmd, stripEmptyEnds: meta.strip, program: meta.program },
    hostTime(await file('start')),
    hostTime(await file('end')),
  );
  return { ...res, ...base, finished: 1 };
}

/** `date +%s%N` of the host (GNU date; without %N, whole seconds). */
function hostTime(text: string): Date {
  const t = text.trim();
  if (/^\d{19}$/.test(t)) return new Date(Number(BigInt(t) / 1000000n));
  const secs = parseInt(t, 10);
  return new Date(Number.isFinite(secs) ? secs * 1000 : Date.now());
}

/** Removes a job's directory (async_status mode=cleanup; a finished job polled by the executor). */
export async function removeJob(ctx: ModuleContext, jid: string): Promise<string> {
  const dir = await jobDir(ctx, jid);
  await ctx.change(['rm', '-rf', '--', dir]);
  return dir;
}
