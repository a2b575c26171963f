import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { ExitCode } from '../errors.js';
import { FrameWriter } from './frame-writer.js';
import { FRAME, frame, frameReader, type WarmRequest } from './frames.js';
import { runInPlace } from './run-in-place.js';
import { warmUp } from './warm-up.js';
import { setProcessServesRuns } from '../util/run-scope.js';
import { socketAnswers } from '../util/socket-answers.js';

/** A shell's exit status for a command ended by SIGINT, which a CLI run without a handler gets. */
const INTERRUPTED_BY_SIGNAL = 130;

/** How long a server waits for its next run before it ends (FABPLAY_WARM_IDLE, seconds). */
const DEFAULT_IDLE_SEC = 600;

/**
 * The warm process (`fabplay __warm SOCKET`, started by a client that found none): serves runs
 * one at a time on a Unix socket in the user's 0700 directory (client.ts), each with `main` as the
 * CLI would run it, and ends once idle (the connections it keeps between runs with it). A client
 * that comes while a run is going is refused and runs its command itself. A run that calls
 * process.exit (an interrupted run ends so in the CLI) ends the server too: no run is served
 * after one that stopped half-way.
 */
export async function serveWarmRuns(
  socketPath: string,
  main: (argv: string[]) => Promise<number>,
): Promise<void> {
  process.umask(0o077);
  setProcessServesRuns(true);
  const idleMs = 1000 * (Number(process.env.FABPLAY_WARM_IDLE) || DEFAULT_IDLE_SEC);
  // process.exit itself: inside a run, process.exit is runInPlace's stand-in, which calls this
  const realExit = process.exit.bind(process);
  let busy = false;
  let active: FrameWriter | undefined;
  let stop = (): void => {};
  const exit = (code: number): never => {
    stop();
    return realExit(code);
  };
  // a Ctrl-C a client passes on is its run's (run-action's handler); before the run has one, it
  // ends the run as Node's default ends a CLI run; idle, it ends nothing
  process.on('SIGINT', () => {
    if (!active || process.listenerCount('SIGINT') > 1) return;
    active.exit(INTERRUPTED_BY_SIGNAL);
    exit(INTERRUPTED_BY_SIGNAL);
  });
  // the pid file beside the socket is the lock (two clients that found no server start one each)
  // and says whom to stop (kill $(cat SOCKET.pid))
  if (!lock(`${socketPath}.pid`)) return;
  await warmUp(main, (code) => realExit(code));
  const server = await listen(socketPath);
  if (!server) return;
  stop = () => {
    server.close();
    removeSocket(socketPath);
  };
  process.on('uncaughtException', (e) => {
    active?.stderr(`internal error: ${e.stack ?? String(e)}\n`);
    active?.exit(ExitCode.INTERNAL);
    exit(ExitCode.INTERNAL);
  });
  // stopped (kill): as a CLI run killed so, the run ends where it stands
  process.on('SIGTERM', () => {
    active?.stderr('ERROR: the warm fabplay process was stopped\n');
    active?.exit(ExitCode.INTERRUPTED);
    exit(ExitCode.INTERRUPTED);
  });
  let idle = setTimeout(() => exit(ExitCode.OK), idleMs);
  const serve = async (sock: Socket, req: WarmRequest): Promise<void> => {
    if (busy) return void sock.end(frame(FRAME.refused, 'busy'));
    busy = true;
    clearTimeout(idle);
    // the client gone (killed, its terminal closed): the run is interrupted as by Ctrl-C
    const out = (active = new FrameWriter(sock, () => process.emit('SIGINT')));
    sock.on('close', () => active === out && process.emit('SIGINT'));
    let began = false;
    try {
      out.started(process.pid);
      const code = await runInPlace(req, out, exit, () => ((began = true), main(req.argv)));
      out.exit(code);
    } catch (e) {
      // the client's state could not be taken on (its directory gone): it runs the command itself
      if (!began) out.handBack();
      else {
        out.stderr(`internal error: ${(e as Error).stack ?? String(e)}\n`);
        out.exit(ExitCode.INTERNAL);
      }
    } finally {
      active = undefined;
      busy = false;
      sock.end();
      idle = setTimeout(() => exit(ExitCode.OK), idleMs);
    }
  };
  server.on('connection', (sock) => {
    const read = frameReader((type, payload) => {
      if (type !== FRAME.request) return;
      sock.removeListener('data', read);
      void serve(sock, JSON.parse(String(payload)) as WarmRequest);
    });
    sock.on('data', read);
    sock.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.on('close', resolve));
}

/** Takes the pid file for this process; false when a live server holds it. A dead one's is taken over. */
function lock(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (serverRuns(Number(readFileSync(file, 'utf8')))) return false;
    rmSync(file, { force: true });
  }
  return false;
}

/** Whether `pid` is a warm server still (a pid is reused once its process is gone). */
function serverRuns(pid: number): boolean {
  try {
    return pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('__warm');
  } catch {
    return false;
  }
}

/**
 * Listens on the socket; undefined when another server already answers there. A socket nobody
 * answers on is a dead server's: replaced.
 */
async function listen(path: string): Promise<Server | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const server = createServer();
    const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      server.once('error', resolve);
      server.listen(path, () => resolve(undefined));
    });
    if (!err) return server;
    if (err.code !== 'EADDRINUSE' || (await socketAnswers(path))) return undefined;
    try {
      unlinkSync(path);
    } catch {
      /* gone meanwhile */
    }
  }
  return undefined;
}

/** The socket file and its pid file go with their server. */
function removeSocket(path: string): void {
  for (const f of [path, `${path}.pid`])
    try {
      unlinkSync(f);
    } catch {
      /* already gone */
    }
}
