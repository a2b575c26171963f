import { ModuleFailure } from '../lib/args.js';
import { scriptText } from '../lib/context.js';
import { statAndRead } from '../lib/remote-stat.js';
import { readTable, render } from './cron-table.js';
import type { ModuleContext } from '../types.js';

/** Reading and writing cron's tables on the host: a user's crontab through `crontab`, or a cron file. */

export interface Table {
  lines: string[];
  /** the text the diff's before shows */
  existing: string;
  /** a user's table: the crontab binary, and the -u user (another user than the login) or '' */
  crontab?: { bin: string; otherUser: string };
  /** whether the cron file exists (a user's table: true) */
  exists: boolean;
  /** a cron file that is a symlink: its target, which Ansible writes through the link */
  target?: string;
}

// crontab as Ansible's get_bin_path finds it: PATH, then /sbin, /usr/sbin, /usr/local/sbin; then
// the login name and the binary (a line each) and the table; -u only for another user (without
// privileges crontab refuses -u, even for oneself); exit 1 is also "no crontab for USER"
const READ = [
  'p=$PATH',
  'for d in /sbin /usr/sbin /usr/local/sbin; do',
  '  case ":$p:" in *":$d:"*) ;; *) [ -e "$d" ] && p="$p:$d" ;; esac',
  'done',
  'bin= ; IFS=: ; set -f',
  'for d in $p; do [ -n "$d" ] && [ -f "$d/crontab" ] && [ -x "$d/crontab" ] && { bin=$d/crontab; break; }; done',
  'unset IFS',
  '[ -n "$bin" ] || { printf \'Failed to find required executable "crontab" in paths: %s\' "$p" >&2; exit 127; }',
  'me=$(id -un) || exit 2',
  'printf "%s\\n%s\\n" "$me" "$bin"',
  'if [ -n "$1" ] && [ "$1" != "$me" ]; then "$bin" -u "$1" -l; else "$bin" -l; fi',
].join('\n');

// installs the table from stdin through a temporary file, as Ansible does (crontab names it in
// its errors); $1 the binary, $2 the user for -u or empty
const WRITE = [
  't=$(mktemp "${TMPDIR:-/tmp}/crontabXXXXXXXX") || exit 1',
  'cat > "$t" && chmod 644 "$t" || { rm -f "$t"; exit 1; }',
  'if [ -n "$2" ]; then "$1" -u "$2" "$t"; else "$1" "$t"; fi',
  'rc=$?; rm -f "$t"; exit $rc',
].join('\n');

// backup=true: the table before the change, in a new private file whose path is printed
const BACKUP = 't=$(mktemp "${TMPDIR:-/tmp}/crontabXXXXXXXX") && cat > "$t" && printf %s "$t"';

/** A user's table as `crontab -l` prints it (its header lines dropped, as Ansible does). */
export async function readUserTable(ctx: ModuleContext, user: string | undefined): Promise<Table> {
  const r = await ctx.probe({ shell: scriptText(READ, [user ?? '']) }, { inline: true, allowFail: true });
  if (r.rc === 127 && r.stderr.startsWith('Failed to find')) throw new ModuleFailure(r.stderr);
  const [me, bin] = r.stdout.split('\n', 2);
  const head = `${me}\n${bin}\n`;
  if (bin === undefined || !r.stdout.startsWith(head) || (r.rc !== 0 && r.rc !== 1))
    throw new ModuleFailure(`Unable to read crontab: ${(r.stderr || r.stdout).trim()}`);
  return {
    ...readTable(r.stdout.slice(head.length), true),
    crontab: { bin, otherUser: user && user !== me ? user : '' },
    exists: true,
  };
}

/** A cron file's table; a file that cannot be read counts as empty (Ansible's IOError). */
export async function readCronFile(ctx: ModuleContext, path: string): Promise<Table> {
  const { st, content } = await statAndRead(ctx, path);
  const text = content?.toString('utf8') ?? '';
  return { ...readTable(text, false), exists: st.exists, target: st.realPath };
}

/** Installs a user's table; crontab's complaint fails the task, as Ansible's. */
export async function installTable(
  ctx: ModuleContext,
  crontab: { bin: string; otherUser: string },
  text: string,
): Promise<void> {
  // -v in check mode names what would run, not the script
  const user = crontab.otherUser ? `-u ${crontab.otherUser} ` : '';
  const what = `${crontab.bin} ${user}<a table of ${Buffer.byteLength(text)} bytes>`;
  const r = await ctx.changes(what, () =>
    ctx.change(
      { shell: scriptText(WRITE, [crontab.bin, crontab.otherUser]) },
      { inline: true, stdin: text, allowFail: true },
    ),
  );
  if (r && r.rc !== 0) throw new ModuleFailure(r.stderr);
}

/** backup=true: the table before the change in a new file under /tmp; its path. */
export async function backupOf(ctx: ModuleContext, lines: readonly string[]): Promise<string | undefined> {
  const r = await ctx.changes('back up the table to ${TMPDIR:-/tmp}/crontabXXXXXXXX', () =>
    ctx.change({ shell: BACKUP }, { inline: true, stdin: render(lines) }),
  );
  return r?.stdout;
}
