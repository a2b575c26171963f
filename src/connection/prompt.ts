import { openSync, closeSync, readSync, writeSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { forgetAfterRun } from '../util/run-scope.js';

const answers = forgetAfterRun(new Map<string, string>());

interface Terminal {
  device: string | undefined;
  /** the descriptor answers are read from; undefined: none can be read here */
  stdinFd: number | undefined;
  /** called instead of reading when there is no stdinFd (it throws) */
  unreadable: () => never;
}

/**
 * Where questions are asked: the controlling terminal and standard input, or, in a warm run
 * (src/warm/), its client's terminal device and standard input.
 */
const terminal: Terminal = {
  device: '/dev/tty',
  stdinFd: 0,
  unreadable: () => {
    throw new Error('standard input cannot be read');
  },
};

/** Asks the run's questions on another terminal and standard input; returns the undo. */
export function useTerminal(t: Terminal): () => void {
  const before = { ...terminal };
  Object.assign(terminal, t);
  return () => Object.assign(terminal, before);
}

/** Every answer given so far (passwords, passphrases): secrets the output must mask. */
export function hiddenAnswers(): string[] {
  return [...answers.values()];
}

/**
 * Asks a question on the controlling terminal without echo (passwords, key passphrases); the
 * answer is remembered for the run under `key`, so each is asked once. Undefined without a terminal.
 */
export function askHidden(question: string, key: string = question): string | undefined {
  return remembered(key, () => askTerminal(question, false));
}

/**
 * A hidden question as Python's getpass asks it, which Ansible uses for vault passwords: on the
 * controlling terminal, else (setsid, cron, CI: no terminal to open) one line of standard input,
 * the question shown on stderr. Remembered under `key` as askHidden's answers are. Undefined when
 * standard input has ended before a line.
 */
export function askHiddenOrStdin(question: string, key: string = question): string | undefined {
  return remembered(key, () => askTerminal(question, false) ?? stdinLine(question));
}

function remembered(key: string, ask: () => string | undefined): string | undefined {
  const known = answers.get(key);
  if (known !== undefined) return known;
  const answer = ask();
  if (answer !== undefined) answers.set(key, answer);
  return answer;
}

/** A question answered as typed, as Python's input() asks it: the terminal, else a line of stdin. */
export function askOrStdin(question: string): string | undefined {
  return askTerminal(question, true) ?? stdinLine(question);
}

/**
 * The question on stderr and one line of standard input, read a byte at a time so that what
 * follows the line stays for whoever reads stdin next (a file to encrypt, a second password).
 */
function stdinLine(question: string): string | undefined {
  const fd = terminal.stdinFd ?? terminal.unreadable();
  process.stderr.write(question);
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  let newline = false;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, one, 0, 1, null);
    } catch (e) {
      // a non-blocking stdin (node made it a stream) has no byte yet: wait for one
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (n === 0) break;
    if (one[0] === 0x0a) {
      newline = true;
      break;
    }
    bytes.push(one[0]!);
  }
  process.stderr.write('\n');
  if (!newline && bytes.length === 0) return undefined;
  return Buffer.from(bytes).toString('utf8').replace(/\r$/, '');
}

/** Runs fn with the controlling terminal open; undefined when there is none. */
function withTerminal<T>(fn: (fd: number) => T): T | undefined {
  let fd: number;
  if (terminal.device === undefined) return undefined;
  try {
    fd = openSync(terminal.device, 'r+');
  } catch {
    return undefined;
  }
  try {
    return fn(fd);
  } finally {
    closeSync(fd);
  }
}

function stty(fd: number, mode: string): void {
  try {
    execFileSync('stty', [mode], { stdio: [fd, 'ignore', 'ignore'] });
  } catch {
    /* no stty: the answer echoes */
  }
}

/** Ctrl-C at a question: the run is being interrupted (its SIGINT handler ends it). */
export class TerminalInterrupted extends Error {
  constructor() {
    super('interrupted at a question');
  }
}

/**
 * Asks a question on the controlling terminal and reads one line, echoed or not; nothing is
 * remembered (vars_prompt asks again in every play). Undefined without a terminal.
 */
export function askTerminal(question: string, echo: boolean): string | undefined {
  return withTerminal((fd) => {
    // echo off before the question shows: an answer typed at once must not echo either
    if (!echo) stty(fd, '-echo');
    let read: ReturnType<typeof spawnSync>;
    try {
      // a shell shows the question and reads the line: the terminal keeps its line editing, and
      // Ctrl-C once the question shows ends the reader at once (fabplay's own SIGINT handler
      // runs only between two turns of its event loop)
      read = spawnSync(
        'sh',
        ['-c', 'printf %s "$1" >&2; IFS= read -r line; printf %s "$line"', 'ask', question],
        {
          stdio: [fd, 'pipe', fd],
        },
      );
    } finally {
      if (!echo) {
        stty(fd, 'echo');
        writeSync(fd, '\n');
      }
    }
    if (read.signal) throw new TerminalInterrupted();
    return String(read.stdout).replace(/\r$/, '');
  });
}

/** A line for the person at the terminal (between questions); false without a terminal. */
export function tellTerminal(text: string): boolean {
  return withTerminal((fd) => writeSync(fd, text + '\n')) !== undefined;
}
