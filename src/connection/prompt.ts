import { openSync, closeSync, writeSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const answers = new Map<string, string>();

/** Every answer given so far (passwords, passphrases): secrets the output must mask. */
export function hiddenAnswers(): string[] {
  return [...answers.values()];
}

/**
 * Asks a question on the controlling terminal without echo (passwords, key passphrases); the
 * answer is remembered for the run under `key`, so each is asked once. Undefined without a terminal.
 */
export function askHidden(question: string, key: string = question): string | undefined {
  const known = answers.get(key);
  if (known !== undefined) return known;
  const answer = askTerminal(question, false);
  if (answer !== undefined) answers.set(key, answer);
  return answer;
}

/** Runs fn with the controlling terminal open; undefined when there is none. */
function withTerminal<T>(fn: (fd: number) => T): T | undefined {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
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
