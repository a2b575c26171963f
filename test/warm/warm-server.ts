import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtBin, type CliResult } from '../helpers/cli.js';
import { warmSocketPath } from '../../src/warm/client.js';

/** What the warm-run tests share: the server's socket and start, and reading who ran a task. */

const bundle = join(builtBin, '..', '..', 'dist', 'fabplay.cjs');

/** A debug task that says which process ran it: a pipe lookup's shell has it as its parent. */
export const WHO_TASK = `    - debug:
        msg: "ran by {{ lookup('pipe', 'echo $PPID') }}"
`;

/** The environment of a client asking for warm runs, its socket under `runtime`. */
export const warmEnv = (runtime: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  FABPLAY_WARM_RUNS: '1',
  XDG_RUNTIME_DIR: runtime,
  ...extra,
});

export const socketPath = (runtime: string): string => warmSocketPath(bundle, { XDG_RUNTIME_DIR: runtime })!;

/** The server as a client starts it, but by the test, so that its pid is known. */
export async function startServer(runtime: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const sock = socketPath(runtime);
  const child = spawn(process.execPath, [builtBin, '__warm', sock], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ...env },
  });
  child.unref();
  // it listens once warmed up: a few seconds, more on a loaded machine
  await until(() => existsSync(sock), 'the server listens', 30000);
  return child.pid!;
}

export async function until(cond: () => boolean, what: string, ms = 10000): Promise<void> {
  for (const t0 = Date.now(); !cond();) {
    if (Date.now() - t0 > ms) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The pid of the server listening on this socket, from the pid file it writes beside it. */
export function serverOf(sock: string): number | undefined {
  try {
    return Number(readFileSync(`${sock}.pid`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** What differs between two runs of one playbook: times, and who ran the pipe lookup. */
export const steady = (r: CliResult): CliResult => ({
  code: r.code,
  stdout: r.stdout.replace(/"(start|end|delta)": "[^"]*"/g, '"$1": "T"').replace(/ran by \d+/g, 'ran by PID'),
  stderr: r.stderr,
});

/** The pid that ran the first WHO_TASK of a run's output. */
export const ranBy = (r: CliResult | string): number =>
  Number(/ran by (\d+)/.exec(typeof r === 'string' ? r : r.stdout)?.[1]);
