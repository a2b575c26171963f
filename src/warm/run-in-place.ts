import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { useTerminal } from '../connection/prompt.js';
import { forgetRunState } from '../util/run-scope.js';
import { useStdio } from '../util/run-stdio.js';
import type { WarmRequest } from './frames.js';

/** Where a run's output goes: its client's frames (frame-writer.ts), or nowhere (warm-up.ts). */
export interface RunOutput {
  stdout(bytes: Uint8Array | string): void;
  stderr(bytes: Uint8Array | string): void;
  exit(code: number): void;
  handBack(): void;
}

/**
 * Runs `run` in this process as if it were the client's own: its environment, working directory,
 * umask and argv, its output going to the client as frames, its questions to the client's
 * terminal. Afterwards the server's own state comes back and every module forgets the run.
 * `exit` stands for process.exit inside the run: the exit frame, then the server's own end.
 */
export async function runInPlace(
  req: WarmRequest,
  out: RunOutput,
  exit: (code: number) => never,
  run: () => Promise<number>,
): Promise<number> {
  const undo: (() => void)[] = [];
  try {
    undo.push(swapEnv(req.env));
    const cwd = process.cwd();
    process.chdir(req.cwd);
    undo.push(() => process.chdir(cwd));
    const umask = process.umask(req.umask);
    undo.push(() => process.umask(umask));
    const argv = process.argv;
    process.argv = req.argv;
    undo.push(() => (process.argv = argv));
    undo.push(swapStdio(req, out));
    const realExit = process.exit;
    process.exit = ((code?: number | string | null) => {
      const c = Number(code ?? process.exitCode ?? 0);
      out.exit(c);
      return exit(c);
    }) as typeof process.exit;
    undo.push(() => (process.exit = realExit));
    process.exitCode = undefined;
    undo.push(() => (process.exitCode = undefined));
    return await run();
  } finally {
    for (const u of undo.reverse()) u();
    forgetRunState();
  }
}

/** The client's environment in place of the server's (in place: modules hold process.env itself). */
function swapEnv(env: Record<string, string>): () => void {
  const own = { ...process.env };
  const replace = (next: NodeJS.ProcessEnv): void => {
    for (const k of Object.keys(process.env)) if (!(k in next)) delete process.env[k];
    Object.assign(process.env, next);
  };
  replace(env);
  return () => replace(own);
}

/**
 * process.stdout and stderr as frames to the client; process.stdin a terminal or not as the
 * client's is; the client's stdin and terminal for questions and for children that inherit them.
 */
function swapStdio(req: WarmRequest, out: RunOutput): () => void {
  const streams = {
    stdout: outStream((b) => out.stdout(b)),
    stderr: outStream((b) => out.stderr(b)),
    stdin: Object.assign(Readable.from([]), { isTTY: req.stdinIsTTY }),
  };
  const own = Object.fromEntries(
    Object.keys(streams).map((k) => [k, Object.getOwnPropertyDescriptor(process, k)!]),
  );
  for (const [k, s] of Object.entries(streams))
    Object.defineProperty(process, k, { configurable: true, enumerable: true, get: () => s });
  const stdin = openOf(req.pid, 0, constants.O_RDONLY | constants.O_NONBLOCK);
  const stderr = openOf(req.pid, 2, constants.O_WRONLY | constants.O_NONBLOCK);
  // a question whose answer would come on a stdin the server cannot open (a socket) comes before
  // the run has done anything: the client is told to run the command itself
  const undoTerminal = useTerminal({
    device: req.terminal,
    stdinFd: stdin,
    unreadable: () => {
      out.handBack();
      throw new HandedBack();
    },
  });
  const undoStdio = useStdio(stdin ?? 'inherit', stderr ?? 'inherit');
  return () => {
    undoStdio();
    undoTerminal();
    for (const fd of [stdin, stderr]) if (fd !== undefined) closeSync(fd);
    for (const [k, d] of Object.entries(own)) Object.defineProperty(process, k, d);
  };
}

/** The run was handed back to its client: what it does after this is nobody's to see. */
class HandedBack extends Error {
  constructor() {
    super('the run was handed back to its client');
  }
}

function outStream(send: (b: Buffer) => void): Writable {
  return Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        send(chunk);
        cb();
      },
    }),
    { isTTY: false },
  );
}

/**
 * The client's descriptor `n`, opened again through /proc: a terminal or a pipe (stdin also a
 * file; a socket cannot be opened so). A file as stderr is not (its own offset would overwrite
 * what the client writes next).
 */
function openOf(pid: number, n: number, flags: number): number | undefined {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/fd/${n}`, flags);
  } catch {
    return undefined;
  }
  const st = fstatSync(fd);
  if (n === 0 || st.isCharacterDevice() || st.isFIFO()) return fd;
  closeSync(fd);
  return undefined;
}
