import { quote } from '../util/shell.js';
import { suPrefix } from './become.js';
import { commandText, newMarker, withRemoteTimeout } from './command-text.js';
import type { Ssh2Channel, Ssh2Client } from './ssh2-lib.js';
import type { BecomeSpec, ExecOptions } from './types.js';

/**
 * `become_method: su` with a password. su reads the password from a terminal only, so the command
 * runs as Ansible runs it: on an exec channel of its own with a pseudo-terminal. fabplay waits for
 * su's password prompt, types the password (never on a command line, never echoed), and takes the
 * command's output only after a random marker the command prints once su has let it run, so
 * neither the prompt nor anything su says lands in a result.
 *
 * Unlike Ansible's pty runs, results are the same as without a terminal: the command's standard
 * output goes through a pipe and its standard error to a private temporary file, both sent after
 * the marker with output processing off, so stdout and stderr stay apart, binary-safe, without
 * CRLF; the command sees no terminal. Standard input travels base64-encoded through the terminal
 * (echo off, non-canonical: sshd answers each canonical no-echo write with an SSH_MSG_IGNORE as
 * large as the write, which ssh2 refuses above 35000 bytes), exactly as many bytes as announced.
 */

/** su's password prompt in the languages Ansible's su become plugin knows (SU_PROMPT_LOCALIZATIONS). */
export const SU_PROMPTS = [
  'Password',
  '암호',
  'パスワード',
  'Adgangskode',
  'Contraseña',
  'Contrasenya',
  'Hasło',
  'Heslo',
  'Jelszó',
  'Lösenord',
  'Mật khẩu',
  'Mot de passe',
  'Parola',
  'Parool',
  'Pasahitza',
  'Passord',
  'Passwort',
  'Salasana',
  'Sandi',
  'Senha',
  'Wachtwoord',
  'ססמה',
  'Лозинка',
  'Парола',
  'Пароль',
  'गुप्तशब्द',
  'शब्दकूट',
  'సంకేతపదము',
  'හස්පදය',
  '密码',
  '密碼',
  '口令',
];

// a whole last line such as "Password: ", "root's Password:" or "Mot de passe : "; the words are
// patterns, as in Ansible's su plugin (localized_prompts too)
const promptRe = (words: readonly string[]): RegExp =>
  new RegExp(`^(?:\\S+'s )?(?:${words.join('|')}) ?[:：] ?$`, 'iu');
const PROMPT_RE = promptRe(SU_PROMPTS);

/**
 * Whether the text su printed so far ends in a password prompt (its last line, no newline after):
 * one of `words` (ansible_su_prompt_l10n, localized_prompts), else of Ansible's list.
 */
export function endsInSuPrompt(text: string, words?: readonly string[]): boolean {
  const last = text.slice(Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1);
  return (words?.length ? promptRe(words) : PROMPT_RE).test(last);
}

/** A become that must go through a terminal: su with a password. */
export function needsPty(become: BecomeSpec | undefined): boolean {
  return become?.method === 'su' && become.password !== undefined;
}

/** su never ran the command: wrong password, unknown user, no prompt in time. */
export class BecomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BecomeError';
  }
}

/**
 * Terminal settings asked for with the pty (sshd applies them before su starts): no echo, no
 * output processing (no CRLF), no signal, flow-control, erase or kill characters, so the password
 * arrives as typed. Canonical input stays on until su has read the password (a line).
 */
export const PTY_MODES: Record<string, number> = {
  ECHO: 0,
  ECHOE: 0,
  ECHOK: 0,
  ECHONL: 0,
  OPOST: 0,
  ISIG: 0,
  IXON: 0,
  IXOFF: 0,
  IEXTEN: 0,
  VERASE: 255,
  VKILL: 255,
  VWERASE: 255,
  VREPRINT: 255,
  VLNEXT: 255,
};

/** Characters of the base64 form of `bytes` bytes. */
function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/**
 * The shell text su runs as the become user: `stty` makes the terminal non-canonical without echo
 * or output processing (the pty modes again, for servers that ignore them); the marker `<m>_go`
 * says su let the command run; `stdinChars` base64 characters of stdin follow it.
 */
export function suScript(run: string, stdinChars: number | undefined, marker: string): string {
  // stdin lands in a file first and runs the command only once all of it is there: a cut
  // terminal (connection lost) must not feed the command part of its input
  const cmdline =
    stdinChars !== undefined
      ? `head -c ${stdinChars} >"$i" && [ "$(wc -c <"$i")" -eq ${stdinChars} ] && base64 -d <"$i" | ${run}`
      : `${run} </dev/null`;
  return [
    'e=$(mktemp) && i=$(mktemp) || exit 125',
    `trap 'rm -f -- "$e" "$i"' EXIT`,
    'stty -echo -icanon min 1 time 0 -opost -ixon -isig || exit 126',
    `printf '%s\\n' ${marker}_go`,
    `{ ${cmdline} 2>"$e"; r=$?; printf '%s\\n' ${marker}_err; cat -- "$e"; printf '%s %d\\n' ${marker}_rc "$r"; } | cat`,
  ].join('\n');
}

/** The command for the exec channel: su running the framed script through /bin/sh. */
export function suCommandLine(
  command: string,
  opts: ExecOptions,
  marker: string,
  timeoutMs?: number,
): string {
  const { text } = commandText(command, { ...opts, become: undefined, stdin: undefined });
  const run = withRemoteTimeout(`/bin/sh -c ${quote(text)}`, timeoutMs);
  const stdinChars = opts.stdin === undefined ? undefined : base64Length(Buffer.byteLength(opts.stdin));
  const script = suScript(run, stdinChars, marker);
  return `${suPrefix(opts.become!)} -c ${quote(`/bin/sh -c ${quote(script)}`)}`;
}

export interface PtyRunResult {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
}

/**
 * What comes out of the terminal, as a state machine kept apart from the channel: feed() returns
 * bytes to type (the password, then the standard input), finish() the result once the channel
 * closed, or throws BecomeError when su never ran the command.
 */
export class SuPtyDialog {
  /** bytes before the go marker (su's prompt and messages), the last 64 KiB */
  private before = Buffer.alloc(0);
  private after: Buffer[] = [];
  private passwordSent = false;
  started = false;

  constructor(
    private readonly host: string,
    private readonly become: BecomeSpec,
    private readonly marker: string,
    private readonly stdin: Buffer | undefined,
  ) {}

  feed(data: Buffer): Buffer | undefined {
    if (this.started) {
      this.after.push(data);
      return undefined;
    }
    this.before = Buffer.concat([this.before, data]);
    const go = Buffer.from(`${this.marker}_go`);
    const at = this.before.indexOf(go);
    if (at >= 0) {
      const nl = this.before.indexOf(0x0a, at + go.length);
      if (nl < 0) return undefined;
      this.started = true;
      this.after.push(this.before.subarray(nl + 1));
      this.before = Buffer.alloc(0);
      return this.stdin?.length ? Buffer.from(this.stdin.toString('base64')) : undefined;
    }
    if (this.before.length > 65536) this.before = this.before.subarray(this.before.length - 65536);
    if (!endsInSuPrompt(this.before.toString('utf8'), this.become.prompts)) return undefined;
    if (this.passwordSent) throw this.failure('su asked for the password again');
    this.passwordSent = true;
    this.before = Buffer.alloc(0);
    return Buffer.from(`${this.become.password ?? ''}\n`);
  }

  /** The result once the channel closed; `exitCode` is su's own. */
  finish(exitCode: number | undefined): PtyRunResult {
    if (!this.started) throw this.failure();
    const all = Buffer.concat(this.after);
    const errAt = all.indexOf(`${this.marker}_err\n`);
    const rcAt = all.lastIndexOf(`${this.marker}_rc `);
    if (errAt < 0 || rcAt < errAt) {
      // the framing shell was killed before it reported: all there is, as output
      return { rc: exitCode ?? 255, stdout: all, stderr: Buffer.alloc(0) };
    }
    const rc = Number(
      all
        .subarray(rcAt + this.marker.length + 4)
        .toString()
        .split('\n')[0],
    );
    return {
      rc: Number.isInteger(rc) ? rc : 255,
      stdout: all.subarray(0, errAt),
      stderr: all.subarray(errAt + this.marker.length + 5, rcAt),
    };
  }

  /** What su said instead of running the command, as an error (never with the password in it). */
  failure(why?: string): BecomeError {
    let said = this.before.toString('utf8').replace(/\r/g, '').trim();
    const pw = this.become.password;
    if (pw) said = said.split(pw).join('********');
    const what = `${this.host}: become_method su to ${this.become.user} failed`;
    const detail = [why, said || (this.passwordSent ? 'su refused the password' : 'su ended')];
    const hint = this.passwordSent ? ' (check the become password)' : '';
    return new BecomeError(`${what}: ${detail.filter(Boolean).join(': ')}${hint}`);
  }
}

type PtyExec = (
  cmd: string,
  opts: { pty: { term: string; rows: number; cols: number; modes: Record<string, number> } },
  cb: (err: Error | undefined, ch: Ssh2Channel) => void,
) => boolean;

/**
 * Runs one command with su and a password on an exec channel with a pty (see the file comment).
 * `promptTimeoutMs` bounds the time until su lets the command run.
 */
export function execSuOverPty(
  client: Ssh2Client,
  host: string,
  command: string,
  opts: ExecOptions,
  timeoutMs: number | undefined,
  promptTimeoutMs: number,
): Promise<PtyRunResult> {
  const become = opts.become!;
  const marker = newMarker();
  const stdin =
    opts.stdin === undefined ? undefined : Buffer.isBuffer(opts.stdin) ? opts.stdin : Buffer.from(opts.stdin);
  const dialog = new SuPtyDialog(host, become, marker, stdin);
  const line = suCommandLine(command, opts, marker, timeoutMs);
  return new Promise((resolve, reject) => {
    const exec = client.exec.bind(client) as unknown as PtyExec;
    const pty = { term: 'dumb', rows: 24, cols: 200, modes: PTY_MODES };
    const opened = (err: Error | undefined, ch: Ssh2Channel): void => {
      if (err)
        return reject(new Error(`${host}: su needs a terminal and the server gave none: ${err.message}`));
      let failed: Error | undefined;
      let exitCode: number | undefined;
      const timer = setTimeout(() => {
        failed = dialog.failure(`no password prompt and no start within ${promptTimeoutMs / 1000} s`);
        ch.close();
      }, promptTimeoutMs);
      const onData = (d: Buffer): void => {
        if (failed) return;
        try {
          const reply = dialog.feed(d);
          if (dialog.started) clearTimeout(timer);
          if (reply) ch.write(reply);
        } catch (e) {
          failed = e as Error;
          clearTimeout(timer);
          ch.close();
        }
      };
      // with a pty the server sends everything as one stream; stderr only in case one does not
      ch.on('data', onData);
      ch.stderr.on('data', onData);
      ch.on('exit', (code: number | null, signal?: string) => {
        exitCode = code ?? (signal ? 128 + 9 : undefined);
      });
      ch.on('close', () => {
        clearTimeout(timer);
        if (failed) return reject(failed);
        try {
          resolve(dialog.finish(exitCode));
        } catch (e) {
          reject(e as Error);
        }
      });
    };
    try {
      exec(line, { pty }, opened);
    } catch (e) {
      reject(e as Error);
    }
  });
}
