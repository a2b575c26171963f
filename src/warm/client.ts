import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readlinkSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { FRAME, frame, frameReader, type WarmRequest } from './frames.js';
import { hasWorkingDirectory } from '../util/working-directory.js';

/**
 * Warm runs (FABPLAY_WARM_RUNS=1): `fabplay run` hands its command line to a fabplay process that
 * stays up between runs (server.ts), so a run pays neither for loading fabplay nor for cold code.
 * bin/fabplay.js loads this file (not the bundle) first: it keeps to a few of Node's own modules.
 */

const COMMANDS = new Set(['run', 'check']);

/** Whether this command line is one to hand to a warm process. */
export function warmWanted(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return /^(1|yes|true|on)$/i.test(env.FABPLAY_WARM_RUNS ?? '') && COMMANDS.has(argv[2] ?? '');
}

/**
 * The server's socket for this build and Node, in a 0700 directory of the user's own (its
 * permissions are the lock, as for OpenSSH's control sockets). Undefined when that directory is
 * not the user's alone.
 */
export function warmSocketPath(bundle: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = join(env.XDG_RUNTIME_DIR || join(homedir(), '.cache'), 'fabplay-warm');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (st.uid !== process.getuid!() || (st.mode & 0o077) !== 0) return undefined;
  const b = statSync(bundle);
  return join(
    dir,
    `${b.size.toString(36)}-${Math.floor(b.mtimeMs).toString(36)}-${process.versions.node}.sock`,
  );
}

/**
 * Runs the command in the warm process: resolves with its exit code, or undefined when this
 * process must run it itself: no server yet (one is started for the next run), the server busy,
 * output to a terminal (the live view's terminal handling is a process's own), or a question to
 * answer on a standard input the server cannot open (a socket: the run is handed back before it
 * has done anything).
 */
export function runWarm(bin: string, bundle: string): Promise<number | undefined> {
  if ((isatty(1) && !process.env.CI) || !hasWorkingDirectory()) return Promise.resolve(undefined);
  let path: string | undefined;
  try {
    path = warmSocketPath(bundle);
  } catch {
    return Promise.resolve(undefined);
  }
  if (!path) return Promise.resolve(undefined);
  const socketPath = path;
  return new Promise((resolve) => {
    let serverPid: number | undefined;
    let done = false;
    const end = (code: number | undefined): void => {
      if (done) return;
      done = true;
      process.removeListener('SIGINT', onInterrupt);
      sock.destroy();
      resolve(code);
    };
    // Ctrl-C reaches this process (the terminal's job); the server's process group gets it too,
    // so a question it is asking on the terminal ends as it would in a run of its own
    const onInterrupt = (): void => {
      if (serverPid === undefined) return end(99);
      try {
        process.kill(-serverPid, 'SIGINT');
      } catch {
        /* the server has ended: its socket's close ends this run */
      }
    };
    process.on('SIGINT', onInterrupt);
    const sock = connect(socketPath);
    sock.on('error', (e: NodeJS.ErrnoException) => {
      if (serverPid !== undefined) return;
      if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') startServer(bin, socketPath);
      end(undefined);
    });
    sock.on('connect', () => sock.write(frame(FRAME.request, JSON.stringify(request()))));
    sock.on(
      'data',
      frameReader((type, payload) => {
        if (type === FRAME.stdout) process.stdout.write(payload);
        else if (type === FRAME.stderr) process.stderr.write(payload);
        else if (type === FRAME.started) serverPid = (JSON.parse(String(payload)) as { pid: number }).pid;
        else if (type === FRAME.exit) end((JSON.parse(String(payload)) as { code: number }).code);
        else if (type === FRAME.refused) end(undefined);
      }),
    );
    sock.on('close', () => {
      if (done) return;
      if (serverPid === undefined) return end(undefined);
      process.stderr.write('ERROR: the warm fabplay process ended before the run did\n');
      end(1);
    });
  });
}

function request(): WarmRequest {
  return {
    argv: process.argv,
    env: process.env as Record<string, string>,
    cwd: process.cwd(),
    umask: process.umask(),
    pid: process.pid,
    terminal: controllingTerminal(),
    stdinIsTTY: isatty(0),
  };
}

/** The device of this process's controlling terminal (/dev/pts/N), where questions are asked. */
function controllingTerminal(): string | undefined {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r');
  } catch {
    return undefined;
  }
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The server, in a session of its own: it outlives this run and no terminal's signal reaches it. */
function startServer(bin: string, socketPath: string): void {
  spawn(process.execPath, [bin, '__warm', socketPath], { detached: true, stdio: 'ignore' }).unref();
}
