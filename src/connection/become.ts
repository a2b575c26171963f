import { quote } from '../util/shell.js';
import type { BecomeSpec } from './types.js';

/** A marker sudo prints as its prompt, so a password prompt can never be mistaken for output. */
export const BECOME_PROMPT = '[fabplay-become-password]';

/** The program that escalates: become_exe (quoted, it is a path), else the method's name. */
function becomeProgram(become: BecomeSpec): string {
  return become.exe === undefined ? become.method : quote(become.exe);
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
  const flags = become.flags ?? '-H';
  const pw = become.password !== undefined;
  // -k: never a cached credential, so the password line is always read by sudo, never by the command
  const sudo = `${becomeProgram(become)} ${flags} ${pw ? `-k -S -p ${quote(BECOME_PROMPT)}` : '-n'} -u ${quote(become.user)} -- /bin/sh -c ${quote(command)}`;
  return { command: sudo, stdinPrefix: pw ? `${become.password}\n` : undefined };
}

/**
 * Whether becoming `become.user` from `loginUser` changes nothing: root becoming root with no
 * become_flags. sudo or su would only cost a process (about 20 ms each on a small host) per
 * command, so the connection runs the command as it is. Flags (`-i`, `-`) ask for a login
 * environment, which is a change: those still go through sudo or su; so does a become_exe (a
 * wrapper the user wants run).
 */
export function becomesNobodyNew(loginUser: string, become: BecomeSpec): boolean {
  return loginUser === 'root' && become.user === 'root' && !become.flags && become.exe === undefined;
}
