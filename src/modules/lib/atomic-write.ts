import { randomHex } from '../../util/random-pool.js';
import { readFile, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { ModuleFailure } from './args.js';
import { scriptText, sent } from './context.js';
import { sha1 } from './local-files.js';
import { shlexSplit } from '../../util/shlex.js';
import { modeString, parseStatOutput, STAT_FORMAT, statPaths, type RemoteStat } from './remote-stat.js';
import { exactReader } from './fast-stat.js';
import { writeOverSftp } from './sftp-write.js';
import { cmd } from '../../util/shell.js';
import { needsPty } from '../../connection/pty-become.js';
import type { ModuleContext } from '../types.js';

/**
 * Writing a remote file so that a reader never sees it half-written: the bytes go to a temporary
 * file in the destination's directory, owner and mode are set on it, `validate` runs on it, a
 * backup of the old file is kept if asked, and only then it is renamed over the destination. On
 * any failure the temporary file is removed and the live file is untouched.
 *
 * Small content on a root login goes over SFTP with no process at all (sftp-write.ts). Else
 * small text travels inside the finishing command, written by the shell's own printf (a cut
 * connection leaves an unterminated command the shell never runs, or a whole one); other small
 * content on its stdin (its sha1 is checked before the rename, so a cut cannot install a
 * truncated file). Large controller files stream over ctx.putFile; a watcher started first
 * removes the upload if the connection dies before the finishing command runs.
 */

/** the bytes to write: in memory, a controller file, or a file already on the host (remote_src) */
export type WriteSource = { data: Buffer } | { localPath: string } | { remotePath: string };

export interface WriteOptions {
  owner?: string;
  group?: string;
  /** permission bits (already resolved from symbolic forms); default: keep the old file's, or 0666 & ~umask */
  mode?: number;
  /** a command with %s for the temporary file, e.g. 'visudo -cf %s' */
  validate?: string;
  backup?: boolean;
  /** unsafe_writes: write in place when the atomic way fails (see FINISH_SCRIPT) */
  unsafe?: boolean;
}

export interface WriteResult {
  backupFile?: string;
  /** the destination after the write */
  stat: RemoteStat;
  /**
   * the file on the host the bytes were put in before they replaced the destination (gone
   * since): an upload or the temporary file. Unset with unsafe_writes (they may have gone in place)
   */
  staged?: string;
}

/** Files up to this size go on stdin; larger ones are streamed with putFile. */
export const STDIN_LIMIT = 4 * 1024 * 1024;

// Only the steps that are needed start a process (each costs several ms on a busy host). A file
// the script creates itself (arg, stdin) gets its mode from the umask it is created under: $11
// (the controller's complement of the mode), or the session's own for a new file without mode.
// The owner fix runs only when the old file is not ours, for a moved upload (another user may own
// it) or in a setgid directory (elsewhere a new file already has our uid and gid).
// $1 how the bytes come: arg (text in $13: a cut mid-command leaves an unterminated quote, so
// nothing runs), stdin (checked against sha1 $10), move (an upload; with become its private
// directory goes too), copy (a remote file)
// $2 that upload or remote file $3 temp $4 dest $5 owner $6 group $7 mode $8 backup $9 validate
// $12 set: no stat at the end (the controller reads it over SFTP)
// $13 set: unsafe_writes (Ansible's fallback): when the temporary file cannot be made beside the
// destination it goes to mktemp's directory, and when it cannot be renamed over the destination
// (or lives elsewhere) its bytes are written into the destination in place, under the session's
// umask, with the owner, group and mode asked for set after
const FINISH_SCRIPT = `how=$1 up=$2 tmp=$3 dest=$4 own=$5 grp=$6 mode=$7 bak=$8 val=$9 sum=\${10} cmask=\${11}
unsafe=\${13} um0=
[ -z "$unsafe" ] || um0=$(umask)
um=; made=; ours=; inplace=
case $how in arg|stdin)
  if [ -n "$cmask" ]; then made=1; elif [ -z "$mode" ] && [ ! -e "$dest" ]; then made=1; cmask=keep; fi ;;
esac
if [ -z "$made" ]; then case $mode in '') [ -e "$dest" ] || um=$(umask) ;; esac; umask 077
elif [ "$cmask" != keep ]; then umask "$cmask"; fi
trap '[ ! -e "$tmp" ] || rm -f -- "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
# (a function: its own $1.. are the script's, passed again)
put() {
case $how in
arg) printf '%s' "\${14}" > "$tmp" || return 90 ;;
stdin)
  cat > "$tmp" || return 90
  c=$(sha1sum < "$tmp") || return 91
  [ "\${c%% *}" = "$sum" ] || { echo "upload incomplete: checksum mismatch" >&2; return 91; } ;;
move) mv -f -- "$up" "$tmp" || { [ -n "$unsafe" ] && [ -z "$inplace" ] || rm -f -- "$up"; return 90; }
  case $up in /tmp/.fabplay-*/upload) rmdir -- "\${up%/*}" 2>/dev/null ;; esac ;;
copy) cp -- "$up" "$tmp" || return 90 ;;
esac
}
put "$@"; r=$?
if [ $r = 90 ] && [ -n "$unsafe" ]; then tmp=$(mktemp) || exit 90; inplace=1; put "$@"; r=$?; fi
[ $r = 0 ] || exit $r
if [ -e "$dest" ]; then
  case $how in arg|stdin) [ -O "$dest" ] && [ -G "$dest" ] && [ ! -g "\${tmp%/*}/." ] && ours=1 ;; esac
  [ -n "$ours" ] || chown --reference="$dest" -- "$tmp" 2>/dev/null || :
elif [ "$how" = move ] || [ -g "\${tmp%/*}/." ]; then chown "$(id -u):$(id -g)" -- "$tmp" 2>/dev/null || :; fi
if [ -n "$own$grp" ]; then chown -- "$own\${grp:+:$grp}" "$tmp" || exit 92; fi
if [ -n "$made" ]; then :
elif [ -n "$mode" ]; then chmod -- "$mode" "$tmp" || exit 93
elif [ -e "$dest" ]; then chmod --reference="$dest" -- "$tmp" || exit 93
else chmod -- "$(printf '%o' $(( 0666 & ~0$um )))" "$tmp" || exit 93; fi
if [ -n "$val" ]; then eval "$val" < /dev/null; v=$?; [ $v = 0 ] || { echo "@@FABPLAY_RC@@$v" >&2; exit 97; }; fi
if [ "$bak" = 1 ] && [ -e "$dest" ]; then
  b="$dest.$$.$(date +%Y-%m-%d@%H:%M:%S)~"
  cp -p -- "$dest" "$b" || exit 95
  printf '\\n@@FABPLAY_BACKUP@@%s\\n' "$b"
fi
if [ -z "$inplace" ] && ! mv -f -T -- "$tmp" "$dest"; then [ -n "$unsafe" ] || exit 96; inplace=1; fi
if [ -n "$inplace" ]; then
  (umask "$um0" && cat -- "$tmp" > "$dest") || exit 96
  if [ -n "$own$grp" ]; then chown -- "$own\${grp:+:$grp}" "$dest" || exit 92; fi
  if [ -n "$mode" ]; then chmod -- "$mode" "$dest" || exit 93; fi
fi
[ -n "\${12}" ] && exit 0
printf '\\n@@FABPLAY_STAT@@E '
stat -c '${STAT_FORMAT}' -- "$dest"`;

// Removes an abandoned upload: gone quiet (size and mtime unchanged for $2 seconds) and open by
// no process; then its private directory $3 (with become), once empty.
const WATCH_SCRIPT = `p=$1 quiet=$2 d=$3; seen=0; idle=0; last=; i=0
trap '[ -z "$d" ] || rmdir -- "$d" 2>/dev/null' EXIT
while [ $i -lt 86400 ]; do
  i=$((i+1)); sleep 1
  if [ ! -e "$p" ]; then [ $seen = 1 ] && exit 0; [ $i -gt 120 ] && exit 0; continue; fi
  seen=1
  cur=$(stat -c '%s %Y' -- "$p" 2>/dev/null) || exit 0
  if [ "$cur" = "$last" ] && [ -z "$(find /proc/[0-9]*/fd -maxdepth 1 -lname "$p" 2>/dev/null | head -n 1)" ]; then
    idle=$((idle+1)); if [ $idle -ge "$quiet" ]; then rm -f -- "$p"; exit 0; fi
  else idle=0; fi
  last=$cur
done`;

// $4: a private directory to make first (mkdir: 0700 under umask 077), for an upload with become
const WATCH_START = `[ -z "$4" ] || (umask 077 && mkdir -- "$4") || exit 1
(if command -v setsid >/dev/null 2>&1; then exec setsid sh -c "$1" fabplay-watch "$2" "$3" "$4"
else exec sh -c "$1" fabplay-watch "$2" "$3" "$4"; fi) </dev/null >/dev/null 2>&1 &`;

function tempName(dest: string): string {
  const dir = posix.dirname(dest);
  return posix.join(dir, `.${posix.basename(dest)}.fabplay-${randomHex(6)}.tmp`);
}

/** The validate command as shell text: split like Ansible (no shell), %s = the temporary file. */
export function validateCommand(validate: string, tmp: string): string {
  if (!validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${validate}`);
  let words: string[];
  try {
    words = shlexSplit(validate);
  } catch (e) {
    throw new ModuleFailure(`bad validate command: ${(e as Error).message}`);
  }
  return cmd(words.map((w) => w.split('%s').join(tmp)));
}

const FAIL_STEP: Record<number, string> = {
  90: 'could not write the temporary file',
  91: 'the upload arrived incomplete',
  92: 'could not set owner/group',
  93: 'could not set mode',
  95: 'could not make the backup',
  96: 'could not rename the temporary file over the destination',
};

/** Text up to this size travels inside the command (one argument of `sh -c`, at most 128 KiB). */
const ARG_TEXT_LIMIT = 32 * 1024;

/** The bytes as shell text when they survive as one: UTF-8, no NUL, small. */
function asShellText(data: Buffer): string | undefined {
  if (data.length > ARG_TEXT_LIMIT || data.includes(0)) return undefined;
  const text = data.toString('utf8');
  return Buffer.from(text, 'utf8').equals(data) ? text : undefined;
}

/** The umask that creates a file with exactly `mode`, or '' when only chmod can (x or special bits). */
function creationMask(mode: number | undefined): string {
  if (mode === undefined || (mode & ~0o666) !== 0) return '';
  return (~mode & 0o777).toString(8).padStart(3, '0');
}

/**
 * Writes `source` to `dest` atomically (see the file comment): one change, so in check mode
 * nothing is sent and the answer is undefined.
 */
export function atomicWrite(
  ctx: ModuleContext,
  dest: string,
  source: WriteSource,
  opts: WriteOptions = {},
): Promise<WriteResult | undefined> {
  return ctx.changes(`write ${dest}`, () => writeNow(ctx, dest, source, opts));
}

async function writeNow(
  ctx: ModuleContext,
  dest: string,
  source: WriteSource,
  opts: WriteOptions,
): Promise<WriteResult> {
  const tmp = tempName(dest);
  const validate = opts.validate ? validateCommand(opts.validate, tmp) : '';
  let data: Buffer | undefined;
  let how = 'stdin';
  let upload = '';
  if ('data' in source) data = source.data;
  else if ('remotePath' in source) [how, upload] = ['copy', source.remotePath];
  else if ((await stat(source.localPath)).size <= STDIN_LIMIT) data = await readFile(source.localPath);
  else [how, upload] = ['move', await streamUpload(ctx, source, dest)];
  const overSftp = data && (await writeOverSftp(ctx, dest, data, opts));
  if (overSftp) return overSftp;
  const text = data !== undefined && !needsPty(ctx.become) ? asShellText(data) : undefined;
  if (text !== undefined) how = 'arg';
  const sum = data && how === 'stdin' ? sha1(data) : '';
  // SFTP reads the result: the script then ends with the rename
  const reader = await exactReader(ctx);

  const args = [
    how,
    upload,
    tmp,
    dest,
    opts.owner ?? '',
    opts.group ?? '',
    opts.mode === undefined ? '' : modeString(opts.mode)!,
    opts.backup ? '1' : '0',
    validate,
    sum,
    how === 'arg' || how === 'stdin' ? creationMask(opts.mode) : '',
    reader ? '1' : '',
    opts.unsafe ? '1' : '',
    ...(text !== undefined ? [text] : []),
  ];
  // in the command's own shell (no `sh -c` on the host): its EXIT trap and `exit` end only that
  const script = scriptText(FINISH_SCRIPT, args);
  // -vvv shows the command without the file's content (Ansible logs none: copy's content is
  // no_log, and a template's output may hold secrets)
  const shown =
    text === undefined
      ? undefined
      : scriptText(FINISH_SCRIPT, [...args.slice(0, -1), `<${data!.length} bytes>`]);
  const r = sent(
    await ctx.changeBytes(
      { shell: script },
      // inline: a subshell of the session, not a new sh ($$ names the backup: then a shell of its own)
      {
        stdin: data && how === 'stdin' ? data : undefined,
        allowFail: true,
        inline: !opts.backup,
        logAs: shown,
      },
    ),
    ctx.host,
    `write ${dest}`,
  );
  const stdout = r.stdout.toString('utf8');
  const stderr = r.stderr.toString('utf8').trim();
  if (r.rc === 97) {
    const rc = Number(/@@FABPLAY_RC@@(\d+)/.exec(stderr)?.[1] ?? 1);
    const err = stderr.replace(/\n?@@FABPLAY_RC@@\d+/, '').trim();
    throw new ModuleFailure(
      `failed to validate on ${ctx.host}: ${validate} rc:${rc} error:${err || stdout.trim()}`,
      {
        stdout,
        stderr: err,
        exit_status: rc,
      },
    );
  }
  if (r.rc !== 0) {
    const dir = posix.dirname(dest);
    if (r.rc === 90 && /No such file or directory/.test(stderr))
      throw new ModuleFailure(`Destination directory ${dir} does not exist`, { stderr });
    const step = FAIL_STEP[r.rc] ?? `write failed (rc=${r.rc})`;
    throw new ModuleFailure(`${step} for ${dest} on ${ctx.host}: ${stderr}`, { stderr, rc: r.rc });
  }
  const m = /@@FABPLAY_BACKUP@@(.*)\n/.exec(stdout);
  const done = { backupFile: m?.[1], ...(opts.unsafe ? {} : { staged: how === 'move' ? upload : tmp }) };
  if (reader) return { ...done, stat: (await statPaths(ctx, [dest]))[0]! };
  const statLine = stdout.slice(stdout.lastIndexOf('@@FABPLAY_STAT@@') + 16);
  return { ...done, stat: parseStatOutput([dest], statLine)[0]! };
}

/**
 * Streams a large controller file to the host. Without become it lands next to the destination;
 * with become (the connecting user may not write there) in /tmp, and the finishing command
 * (run with become) moves it. Returns the uploaded path.
 */
async function streamUpload(
  ctx: ModuleContext,
  source: { localPath: string },
  dest: string,
): Promise<string> {
  const rand = randomHex(8);
  // with become, in a private directory of the login user (as Ansible's 0700 remote tmp)
  const privateDir = ctx.become ? `/tmp/.fabplay-${rand}` : '';
  const up = ctx.become
    ? `${privateDir}/upload`
    : posix.join(posix.dirname(dest), `.${posix.basename(dest)}.fabplay-${rand}.up`);
  // the watcher runs as the uploading user, in its own session: it outlives a cut connection.
  // su with a password starts the finishing command on a new pty after a login: seconds, not ms
  const quiet = needsPty(ctx.become) ? '60' : '2';
  await ctx.change(['sh', '-c', WATCH_START, 'sh', WATCH_SCRIPT, up, quiet, privateDir], { become: false });
  try {
    // created 0600: nobody else reads it while it travels
    await ctx.putFile(source.localPath, up, { mode: 0o600 });
    // a become user other than root must read it to move it: opened up only once whole
    if (ctx.become && ctx.become.user !== 'root')
      await ctx.change(['chmod', 'go+rX', privateDir, up], { become: false });
  } catch (e) {
    await ctx.change(['rm', '-f', '--', up], { become: false, allowFail: true }).catch(() => undefined);
    throw e;
  }
  return up;
}
