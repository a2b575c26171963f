import { dirname, resolve } from 'node:path';
import { pyShlexQuote } from '../../util/shlex.js';
import { expandUser } from '../../util/os-path.js';

export { expandUser, expandVars } from '../../util/os-path.js';

/**
 * synchronize's rsync command line, as ansible.posix's module builds it: options in its order,
 * some words quoted by it and some (rsync_opts) pasted as written, all of it one text that is
 * then split into words again (Ansible's run_command). Pure: arguments and ends in, text out.
 */

/** Ansible marks each itemized line with this, to tell changed from unchanged output. */
export const CHANGED_MARKER = '<<CHANGED>>';

/** The rsync options of the task (the module's own arguments, as checked and defaulted). */
export interface RsyncOptions {
  archive: boolean;
  checksum: boolean;
  compress: boolean;
  existing_only: boolean;
  delete: boolean;
  dirs: boolean;
  recursive?: boolean;
  links?: boolean;
  copy_links: boolean;
  perms?: boolean;
  times?: boolean;
  owner?: boolean;
  group?: boolean;
  rsync_timeout: number;
  rsync_opts: string[];
  partial: boolean;
  verify_host: boolean;
  ssh_connection_multiplexing: boolean;
  link_dest?: string[];
  delay_updates: boolean;
}

/** What the command is made of beyond the options: the ends and how rsync reaches the host. */
export interface RsyncEnds {
  /** rsync's path where it runs (and sshpass's, with a password) */
  rsync: string;
  sshpass?: string;
  /** the ssh program for --rsh; undefined when no end is remote over a shell */
  ssh?: string;
  src: string;
  dest: string;
  privateKey?: string;
  port?: number;
  /** the ssh args Ansible adds with use_ssh_args, as one text */
  sshArgs?: string;
  rsyncPath?: string;
  /** the file descriptor sshpass reads the password from */
  passwordFd?: number;
  check: boolean;
}

/** `user@host:path` for a remote end ([] around an IPv6 host), or an rsync:// URL as it is. */
export function rsyncTarget(host: string, path: string, user: string | undefined): string {
  if (path.startsWith('rsync://')) return path;
  const who = user ? `${user}@` : '';
  return host.includes(':') ? `[${who}${host}]:${path}` : `${who}${host}:${path}`;
}

/** Whether rsync reaches an end through a remote shell (ssh), not a daemon or the filesystem. */
export function needsRemoteShell(src: string, dest: string): boolean {
  if (src.startsWith('rsync://') || dest.startsWith('rsync://')) return false;
  return src.includes(':') || dest.includes(':');
}

/** The rsync command as Ansible's module writes it, or the message it fails with. */
export function rsyncCommand(o: RsyncOptions, e: RsyncEnds): { cmd: string } | { fail: string } {
  if (e.src.startsWith('rsync://') && e.dest.startsWith('rsync://'))
    return { fail: 'either src or dest must be a localhost' };
  const cmd: string[] = [];
  if (e.sshpass) cmd.push(e.sshpass, `-d${e.passwordFd ?? 0}`);
  cmd.push(e.rsync);
  if (o.delay_updates) cmd.push('--delay-updates', '-F');
  if (o.compress) cmd.push('--compress');
  if (o.rsync_timeout) cmd.push(`--timeout=${o.rsync_timeout}`);
  if (e.check) cmd.push('--dry-run');
  if (o.delete) cmd.push('--delete-after');
  if (o.existing_only) cmd.push('--existing');
  if (o.checksum) cmd.push('--checksum');
  if (o.copy_links) cmd.push('--copy-links');
  cmd.push(...archiveFlags(o));
  if (o.dirs) cmd.push('--dirs');
  if (e.ssh && needsRemoteShell(e.src, e.dest) && !o.rsync_opts.some((x) => x.includes('--rsh')))
    cmd.push(`--rsh=${pyShlexQuote(sshCommand(o, e))}`);
  if (e.rsyncPath) cmd.push(`--rsync-path=${pyShlexQuote(e.rsyncPath)}`);
  cmd.push(...o.rsync_opts);
  if (o.partial) cmd.push('--partial');
  if (o.link_dest?.length) {
    // -vv: rsync does not itemize a hard link to link_dest as a change otherwise
    cmd.push('-H', '-vv');
    const destDir = resolve(dirname(e.dest));
    for (const x of o.link_dest) {
      const link = resolve(expandUser(x));
      if (destDir.startsWith(link))
        return {
          fail: `Hardlinking into a subdirectory of the source would cause recursion. ${destDir} and ${e.dest}`,
        };
      cmd.push(`--link-dest=${link}`);
    }
  }
  cmd.push(`--out-format=${pyShlexQuote(`${CHANGED_MARKER}%i %n%L`)}`);
  // a local path's ~ is the controller user's home; user@host:~ is the remote one's
  const local = (p: string) => (p.includes('@') ? p : expandUser(p));
  cmd.push(pyShlexQuote(local(e.src)), pyShlexQuote(local(e.dest)));
  return { cmd: cmd.join(' ') };
}

/** --archive with the --no-* of the parts turned off, or the parts turned on one by one. */
function archiveFlags(o: RsyncOptions): string[] {
  const parts = ['recursive', 'links', 'perms', 'times', 'owner', 'group'] as const;
  if (o.archive) return ['--archive', ...parts.filter((p) => o[p] === false).map((p) => `--no-${p}`)];
  return parts.filter((p) => o[p] === true).map((p) => `--${p}`);
}

/** The ssh command rsync runs: no multiplexing, the key, the port, no host key check unless asked. */
function sshCommand(o: RsyncOptions, e: RsyncEnds): string {
  const ssh = [e.ssh!];
  if (!o.ssh_connection_multiplexing) ssh.push('-S', 'none');
  if (e.privateKey !== undefined) ssh.push('-i', e.privateKey);
  if (e.port !== undefined) ssh.push('-o', `Port=${e.port}`);
  if (!o.verify_host) ssh.push('-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null');
  const text = ssh.map(pyShlexQuote).join(' ');
  return e.sshArgs ? `${text} ${e.sshArgs}` : text;
}

/**
 * The outcome of rsync's itemized output: changed when any line carries the marker (with
 * link_dest, when a line other than an unchanged `.` one does), and the output without markers.
 */
export function rsyncOutcome(
  out: string,
  linkDest: boolean,
): { changed: boolean; msg: string; stdout_lines: string[] } {
  const changed = linkDest ? !out.includes(`${CHANGED_MARKER}.`) : out.includes(CHANGED_MARKER);
  const msg = out.split(CHANGED_MARKER).join('');
  return { changed, msg, stdout_lines: msg.split('\n').filter((l) => l !== '') };
}
