import { openSync, closeSync, readSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

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
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  try {
    // echo off before the question shows: an answer typed at once must not echo either
    try {
      execFileSync('stty', ['-echo'], { stdio: [fd, 'ignore', 'ignore'] });
    } catch {
      /* no stty: the answer echoes */
    }
    writeSync(fd, question);
    const buf = Buffer.alloc(1);
    const bytes: number[] = [];
    while (readSync(fd, buf, 0, 1, null) === 1 && buf[0] !== 0x0a) bytes.push(buf[0]!);
    try {
      execFileSync('stty', ['echo'], { stdio: [fd, 'ignore', 'ignore'] });
    } catch {
      /* see above */
    }
    writeSync(fd, '\n');
    const answer = Buffer.from(bytes).toString().replace(/\r$/, '');
    answers.set(key, answer);
    return answer;
  } finally {
    closeSync(fd);
  }
}
