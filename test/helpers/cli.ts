import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { tempDirUntilExit } from './temp-dir.js';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Repository root (test/helpers/../..). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const entry = join(repoRoot, 'test', 'helpers', 'cli-entry.ts');
// resolved here so the child finds tsx whatever its working directory is
export const tsxLoader = pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('tsx')).href;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** the run's peak resident set size in KiB (with `measureRss`) */
  peakRssKb?: number;
}

export interface CliOptions {
  /** working directory (default: the repository root) */
  cwd?: string;
  /** environment added on top of process.env */
  env?: NodeJS.ProcessEnv;
  /** text written to stdin (stdin is closed either way) */
  input?: string;
  /** called with all stdout so far on each chunk (to interrupt the run at some point, say) */
  onStdout?: (soFar: string, child: ChildProcess) => void;
  /** run in a process group of its own, as a shell runs a foreground job (see interruptGroup) */
  detached?: boolean;
  /** measure the run's peak memory (GNU time's maximum resident set size) */
  measureRss?: boolean;
  /** run the built CLI as a user does (bin/fabplay.js: the bundle of `npm run build`), not the sources */
  built?: boolean;
}

/**
 * Ctrl-C as a terminal sends it: SIGINT to every process of the run's group (runCli `detached`).
 * The kernel signals them all at once, but which one acts first is a race; `othersFirstMs` plays
 * its worst case: the other members of the group (children fabplay left in it) get the signal
 * that long before fabplay itself.
 */
export async function interruptGroup(child: ChildProcess, othersFirstMs?: number): Promise<void> {
  const pgid = child.pid!;
  const signal = (pid: number): void => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* gone already */
    }
  };
  if (othersFirstMs === undefined) return signal(-pgid);
  const ps = execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' });
  for (const line of ps.split('\n')) {
    const [pid, group] = line.trim().split(/\s+/).map(Number);
    if (group === pgid && pid !== pgid) signal(pid!);
  }
  await new Promise((r) => setTimeout(r, othersFirstMs));
  signal(pgid);
}

let retryDir: string | undefined;
/** Where runs started by tests keep their retry files (not the user's ~/.local/state). */
function testRetryDir(): string {
  if (!retryDir) {
    retryDir = tempDirUntilExit('fabplay-test-retry');
  }
  return retryDir;
}

const RSS_MARK = '@@fabplay-peak-rss-kb=';

/** The built CLI, as `npm run build` leaves it. */
export const builtBin = join(repoRoot, 'bin', 'fabplay.js');

/** The command line of `fabplay ...args`: the sources through tsx, or the built CLI. */
export function cliArgv(args: string[], built = false): string[] {
  return built
    ? [process.execPath, builtBin, ...args]
    : [process.execPath, '--import', tsxLoader, entry, ...args];
}

/** Runs `fabplay ...args` (from source unless `built`) in a child process; its exit code and output. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const argv = cliArgv(args, opts.built);
    if (opts.measureRss) argv.unshift('/usr/bin/time', '-f', `${RSS_MARK}%M`);
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd ?? repoRoot,
      env: { FABPLAY_RETRY_DIR: testRetryDir(), ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: opts.detached ?? false,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      opts.onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const at = opts.measureRss ? stderr.lastIndexOf(RSS_MARK) : -1;
      const peakRssKb = at < 0 ? undefined : Number(stderr.slice(at + RSS_MARK.length).trim());
      if (at >= 0) stderr = stderr.slice(0, at).replace(/Command exited with non-zero status \d+\n$/, '');
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr, peakRssKb });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** `fabplay run` of `playbook` on `inventory` with the repository's roles, no colour, and `extra` options. */
export function runWithRoles(inventory: string, playbook: string, extra: string[] = []): Promise<CliResult> {
  return runCli(['run', '-i', inventory, '--roles-path', join(repoRoot, 'roles'), ...extra, playbook], {
    env: { NO_COLOR: '1' },
  });
}

/** `fabplay run` of `playbook` on a lab inventory with the repository's roles and one vars file. */
export function runRolePlay(inventory: string, playbook: string, varsFile: string): Promise<CliResult> {
  return runWithRoles(inventory, playbook, ['-e', `@${varsFile}`]);
}
