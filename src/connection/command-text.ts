import { randomHex } from '../util/random-pool.js';
import { quote } from '../util/shell.js';
import { wrapBecome } from './become.js';
import type { ExecOptions } from './types.js';

/** The command with its env, cwd and become applied, and the bytes its stdin gets. */
export function commandText(command: string, opts: ExecOptions): { text: string; stdin?: Buffer } {
  let text = command;
  if (opts.cwd) text = `cd -P ${quote(opts.cwd)} && ${text}`; // -P: the physical directory, as os.chdir gives
  if (opts.env) {
    for (const k of Object.keys(opts.env)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${k}`);
    }
    text =
      Object.entries(opts.env)
        .map(([k, v]) => `export ${k}=${quote(v)}; `)
        .join('') + text;
  }
  let prefix: string | undefined;
  if (opts.become) ({ command: text, stdinPrefix: prefix } = wrapBecome(text, opts.become));
  const parts: Buffer[] = [];
  if (prefix !== undefined) parts.push(Buffer.from(prefix));
  if (opts.stdin !== undefined)
    parts.push(Buffer.isBuffer(opts.stdin) ? opts.stdin : Buffer.from(opts.stdin));
  return { text, stdin: parts.length ? Buffer.concat(parts) : undefined };
}

/** `timeout` kills the command's whole process group (children too) on the remote side. */
export function withRemoteTimeout(shCommand: string, timeoutMs: number | undefined): string {
  if (!timeoutMs) return shCommand;
  const secs = Math.max(1, Math.ceil(timeoutMs / 1000));
  return `timeout -k 2 ${secs} ${shCommand}`;
}

export function newMarker(): string {
  return `__fabplay_${randomHex(16)}`;
}

/**
 * One command as text for the long-lived shell: the command runs in its own `/bin/sh -c` (so
 * neither its syntax errors nor `exit` nor `cd` can touch the session), stdin arrives base64 in a
 * here-document (binary-safe; a sudo password never sits on a command line), and the marker
 * closes stderr and then stdout, followed by the exit status. `inline` text (fabplay's own,
 * see ExecOptions.inline) without stdin or timeout runs in a subshell of the session instead: a
 * fork, no new /bin/sh.
 */
export function shellScript(
  text: string,
  stdin: Buffer | undefined,
  marker: string,
  timeoutMs?: number,
  inline?: boolean,
): string {
  // the newlines let the text end in a here-document or a comment; not with stdin, whose
  // here-document would begin right after the `(` line
  const run =
    inline && !timeoutMs && stdin === undefined
      ? `(\n${text}\n)`
      : withRemoteTimeout(`/bin/sh -c ${quote(text)}`, timeoutMs);
  const line =
    stdin === undefined
      ? `${run} </dev/null; __fp_rc=$?\n`
      : withWholeStdin(`${run}; __fp_rc=$?`, stdin, `${marker}_in`);
  return `${line}printf '%s\\n' ${marker} >&2; printf '%s %d\\n' ${marker} "$__fp_rc"\n`;
}

/**
 * `command` fed `stdin` from a here-document (base64: binary-safe), inside `{ ... }`: the shell
 * parses a compound command whole before it runs any of it, so a connection cut while the
 * bytes travel leaves an unterminated `{` (a syntax error, nothing runs), never the command
 * running on part of its input as a bare here-document would at end of file.
 */
export function withWholeStdin(command: string, stdin: Buffer, delimiter: string): string {
  const b64 = stdin.toString('base64').replace(/.{1,76}/g, '$&\n');
  return `{ base64 -d <<'${delimiter}' | ${command}\n${b64}${delimiter}\n}\n`;
}

/** Removes sudo's password prompt (our own marker string) from stderr. */
export function stripBecomePrompt(stderr: Buffer, prompt: string): Buffer {
  const p = Buffer.from(prompt);
  let at = stderr.indexOf(p);
  if (at < 0) return stderr;
  const parts: Buffer[] = [];
  let from = 0;
  while (at >= 0) {
    parts.push(stderr.subarray(from, at));
    from = at + p.length;
    at = stderr.indexOf(p, from);
  }
  parts.push(stderr.subarray(from));
  return Buffer.concat(parts);
}
