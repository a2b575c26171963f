import { quote } from '../util/shell.js';
import { newMarker, withRemoteTimeout, withWholeStdin } from './command-text.js';
import type { Ssh2Channel, Ssh2Client } from './ssh2-lib.js';

/**
 * Runs one command on an exec channel of its own (the slower way, for when shell sessions keep
 * breaking). `lost` gives the error to fail with once the connection is gone.
 */
export function runOnExecChannel(
  client: Ssh2Client,
  text: string,
  stdin: Buffer | undefined,
  timeoutMs: number | undefined,
  lost: () => Error | undefined,
): Promise<{ rc: number; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const run = withRemoteTimeout(`/bin/sh -c ${quote(text)}`, timeoutMs);
    // with stdin, sh reads the command and its input as one script: nothing runs on part of it
    const script = stdin && Buffer.from(withWholeStdin(run, stdin, newMarker()));
    client.exec(script ? '/bin/sh' : run, (err, ch) => {
      if (err) return reject(lost() ?? err);
      const out: Buffer[] = [];
      const errs: Buffer[] = [];
      let rc = 255;
      ch.on('data', (d: Buffer) => out.push(d));
      ch.stderr.on('data', (d: Buffer) => errs.push(d));
      ch.on('exit', (code: number | null, signal?: string) => (rc = code ?? (signal ? 128 + 9 : 255)));
      ch.on('close', () => {
        const gone = lost();
        if (gone) return reject(gone);
        resolve({ rc, stdout: Buffer.concat(out), stderr: Buffer.concat(errs) });
      });
      ch.end(script ?? Buffer.alloc(0));
    });
  });
}

/** An exec channel running `command`, to talk to (a shell session's). */
export function openChannel(client: Ssh2Client, command: string): Promise<Ssh2Channel> {
  return new Promise((resolve, reject) =>
    client.exec(command, (err, ch) => (err ? reject(err) : resolve(ch))),
  );
}
