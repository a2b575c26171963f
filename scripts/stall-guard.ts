/**
 * Runs a command (the test suite) and passes its output through. A command that prints nothing
 * for STALL minutes is stuck (mocha's own timeouts fire only while its event loop runs): the
 * guard prints what each of the command's processes is doing (state, kernel wait channel,
 * command line), kills them and exits 1, so a hang ends with its evidence instead of at CI's
 * time limit.
 *
 * The command runs in a session of its own with standard input from /dev/null: the suite never
 * reads the terminal or standard input of whoever started it, wherever that is (a terminal, a
 * CI runner's open pipe), and its processes can be found and stopped as one session.
 *
 *   node dist/scripts/stall-guard.js [--minutes N] -- COMMAND [ARG...]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { procStat } from '../src/util/proc-stat.js';

const HELP = 'usage: stall-guard [--minutes N] -- COMMAND [ARG...]';

interface Options {
  minutes: number;
  command: string[];
}

function parse(argv: string[]): Options {
  const dashes = argv.indexOf('--');
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const command = dashes < 0 ? [] : argv.slice(dashes + 1);
  let minutes = 20;
  for (let i = 0; i < own.length; i++) {
    if (own[i] === '--minutes' && own[i + 1] !== undefined && Number(own[i + 1]) > 0)
      minutes = Number(own[++i]);
    else throw new Error(`stall-guard: unknown argument '${own[i]}'\n${HELP}`);
  }
  if (command.length === 0) throw new Error(`stall-guard: no command\n${HELP}`);
  return { minutes, command };
}

/** One line per process of the session `sid`: what a stuck run is waiting on. */
function sessionReport(sid: number): string[] {
  const lines: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = procStat(Number(entry));
    if (!f || Number(f[3]) !== sid) continue;
    const wchan = read(`/proc/${entry}/wchan`) || '-';
    const cmd = read(`/proc/${entry}/cmdline`).replace(/\0+$/, '').replaceAll('\0', ' ');
    lines.push(`${entry} parent ${f[1]} state ${f[0]} waiting in ${wchan}: ${cmd.slice(0, 300)}`);
  }
  return lines;
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function killSession(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function run(opts: Options): void {
  const child = spawn(opts.command[0]!, opts.command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    // a session and process group of its own: no controlling terminal, one group to stop
    detached: true,
  });
  let last = Date.now();
  child.stdout!.on('data', (d: Buffer) => {
    last = Date.now();
    process.stdout.write(d);
  });
  child.stderr!.on('data', (d: Buffer) => {
    last = Date.now();
    process.stderr.write(d);
  });
  const limit = opts.minutes * 60_000;
  const check = setInterval(
    () => {
      if (Date.now() - last < limit) return;
      clearInterval(check);
      const report = sessionReport(child.pid!);
      process.stderr.write(
        `\nstall-guard: no output for ${opts.minutes} min from ${opts.command.join(' ')}; its processes:\n` +
          report.map((l) => `  ${l}\n`).join('') +
          'stall-guard: killing them\n',
      );
      killSession(child);
      process.exitCode = 1;
    },
    Math.min(limit / 4, 30_000),
  );
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      killSession(child);
      process.exit(128 + constants.signals[sig]);
    });
  child.on('error', (e) => {
    clearInterval(check);
    process.stderr.write(`stall-guard: cannot run ${opts.command[0]}: ${e.message}\n`);
    process.exitCode = 127;
  });
  const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
    clearInterval(check);
    process.exitCode ||= code ?? 128 + (signal ? constants.signals[signal] : 1);
  };
  child.on('close', finish);
  // a process that left the session but kept the output open must not hold the guard
  child.on('exit', (code, signal) =>
    setTimeout(() => {
      child.stdout!.destroy();
      child.stderr!.destroy();
      finish(code, signal);
    }, 10_000).unref(),
  );
}

try {
  run(parse(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 2;
}
