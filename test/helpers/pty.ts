import { spawn } from 'node:child_process';

/** What a command run on a pseudo-terminal printed (prompts and answers echoed included). */
export interface PtyResult {
  code: number;
  /** everything the terminal showed, colours and cursor moves taken out, `\r\n` as `\n` */
  output: string;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Terminal control sequences (colours, cursor moves, erase) out of a transcript. */
export function plainTranscript(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n?/g, '\n');
}

/**
 * Runs argv with a pseudo-terminal as its stdin, stdout and stderr (util-linux `script`), and
 * answers its questions as a person would: each answer is typed once its question (`expect`) has
 * shown after the previous one ('\x03' is Ctrl-C). Fails when a question does not come within `timeoutMs`.
 */
export function runInPty(
  argv: string[],
  opts: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    answers: [expect: string, answer: string][];
    timeoutMs?: number;
  },
): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    // a terminal of a usual size: `script` under pipes starts with 0 columns
    const command = `stty cols 400 rows 50; exec ${argv.map(quote).join(' ')}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    let from = 0;
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const waiting = opts.answers[next]?.[0];
      reject(
        new Error(`no question '${waiting}' within the time; the terminal showed:\n${plainTranscript(raw)}`),
      );
    }, opts.timeoutMs ?? 60_000);
    const answer = (): void => {
      while (next < opts.answers.length) {
        const [expect, text] = opts.answers[next]!;
        const at = plainTranscript(raw).indexOf(expect, from);
        if (at < 0) return;
        from = at + expect.length;
        next++;
        // Ctrl-C goes as the key alone (the terminal turns it into SIGINT)
        child.stdin.write(text === '\x03' ? text : text + '\n');
      }
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      raw += d;
      answer();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (raw += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.end();
      if (next < opts.answers.length)
        reject(new Error(`ended before '${opts.answers[next]![0]}' was asked:\n${plainTranscript(raw)}`));
      else resolve({ code: code ?? 1, output: plainTranscript(raw) });
    });
  });
}
