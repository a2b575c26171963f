import { quote } from '../util/shell.js';
import { shlexSplit } from '../util/shlex.js';
import type { BecomeSpec } from './types.js';

/** A marker sudo prints as its prompt, so a password prompt can never be mistaken for output. */
export const BECOME_PROMPT = '[fabplay-become-password]';

/**
 * The program that escalates: become_exe, else the method's name. become_exe is a piece of
 * command line, as Ansible pastes it (`sudo -E`, `/usr/bin/sudo -H`), so it goes in as written,
 * like become_flags.
 */
function becomeProgram(become: BecomeSpec): string {
  return become.exe === undefined ? become.method : become.exe;
}

/** Text of the user's own that sits unquoted on the command line: never run in the session shell. */
export function hasCommandLineText(become: BecomeSpec | undefined): boolean {
  return become !== undefined && (become.exe !== undefined || !!become.flags);
}

/**
 * sudo's flags when a password goes to it: without -n (--non-interactive), which would make sudo
 * refuse to read it, as Ansible takes it out of `-H -S -n` and the like (`-Sn` becomes `-S`).
 */
export function interactiveFlags(flags: string): string {
  const words = shlexSplit(flags)
    .filter((w) => w !== '-n' && w !== '--non-interactive')
    .map((w) => (w.startsWith('--') ? w : w.replace(/^(-\w*)n(\w*.*)$/s, '$1$2')));
  return words.map(quote).join(' ');
}

/** `su [become_flags] USER`: the start of an su command line. */
export function suPrefix(become: BecomeSpec): string {
  return [becomeProgram(become), become.flags, quote(become.user)].filter(Boolean).join(' ');
}

/**
 * Wraps a command for privilege escalation. The password never appears on the command line:
 * it is the first line of stdin, read by `sudo -S`. su reads a password from a terminal only:
 * su with a password runs over a pty (pty-become.ts), so this wrapping is for su without one
 * (run as root, or with a PAM rule).
 */
export function wrapBecome(command: string, become: BecomeSpec): { command: string; stdinPrefix?: string } {
  if (become.method === 'su') {
    return { command: `${suPrefix(become)} -c ${quote(command)}` };
  }
  const pw = become.password !== undefined;
  const flags = become.flags === undefined ? '-H' : pw ? interactiveFlags(become.flags) : become.flags;
  // -k: never a cached credential, so the password line is always read by sudo, never by the command
  const sudo = `${becomeProgram(become)} ${flags} ${pw ? `-k -S -p ${quote(BECOME_PROMPT)}` : '-n'} -u ${quote(become.user)} -- /bin/sh -c ${quote(command)}`;
  return { command: sudo, stdinPrefix: pw ? `${become.password}\n` : undefined };
}

/**
 * Whether becoming `become.user` changes nothing, so the command runs as it is. As in Ansible, when
 * become_user is the remote user the connection was given (ansible_user, -u, remote_user), flags
 * and become_exe included. And root logged in becoming root with no become_flags or become_exe,
 * which Ansible escalates when no remote user was named: sudo or su would only cost a process
 * (about 20 ms each on a small host) per command. become_allow_same_user escalates always.
 */
export function becomesNobodyNew(loginUser: string, become: BecomeSpec, givenUser?: string): boolean {
  if (become.allowSameUser) return false;
  if (givenUser !== undefined && givenUser === become.user) return true;
  return loginUser === 'root' && become.user === 'root' && !become.flags && become.exe === undefined;
}
