import { createHash } from 'node:crypto';
import type { BecomeSpec, FileReader } from '../../connection/types.js';
import type { ChecksumAlgo, RemoteStat } from './remote-stat.js';
import { typeOf } from './remote-stat.js';
import type { ModuleContext } from '../types.js';

/**
 * The same RemoteStat the stat command gives, read over SFTP with no process on the host: a
 * re-run's checks (copy, lineinfile, template) then cost a few SFTP packets instead of a shell,
 * `stat` and `sha1sum` each. Returns undefined whenever it cannot be exact, and the caller runs
 * the command instead:
 * - the connection has no file reader (local) or does not log in as root: SFTP answers with the
 *   login user's rights, and only root's read/write/execute answers are known without asking;
 * - the task becomes another user than root;
 * - a path is a symlink (readlink -f semantics stay with the shell);
 * - an owner or group is not in /etc/passwd or /etc/group (NSS beyond files);
 * - a checksum is asked of a file larger than CHECKSUM_READ_LIMIT.
 * It never reports ctime, inode, device or link count, and its times are whole seconds (all SFTP
 * version 3 carries): callers that need those, or the command's nanoseconds, ask for `full`.
 */

/** Above this, hashing on the host (one process) beats reading the file over SFTP. */
export const CHECKSUM_READ_LIMIT = 1024 * 1024;

interface Names {
  users: ReadonlyMap<number, string>;
  groups: ReadonlyMap<number, string>;
}

const namesByReader = new WeakMap<FileReader, Promise<Names>>();

function idNames(text: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && f[0] && !m.has(Number(f[2]))) m.set(Number(f[2]), f[0]);
  }
  return m;
}

/**
 * The names of /etc/passwd or /etc/group texts already seen, by text: a fleet's hosts mostly have
 * the same files, and a thousand hosts each holding its own copy of the same names kept 4 MB alive
 * for the whole run. A few distinct texts at most; others are parsed for their host alone.
 */
const namesByText = new Map<string, ReadonlyMap<number, string>>();
const DISTINCT_TEXTS = 32;

function sharedIdNames(text: string): ReadonlyMap<number, string> {
  let m = namesByText.get(text);
  if (!m) {
    m = idNames(text);
    if (namesByText.size < DISTINCT_TEXTS) namesByText.set(text, m);
  }
  return m;
}

/** Where owner and group names are read from, once per connection (a prefetch may ask them ahead). */
export const NAME_FILES = ['/etc/passwd', '/etc/group'] as const;

/** Whether this connection has read the names already. */
export const namesKnown = (r: FileReader): boolean => namesByReader.has(r);

async function readNames(r: FileReader): Promise<Names> {
  const [p, g] = await Promise.all(NAME_FILES.map((f) => r.read(f)));
  return { users: sharedIdNames(p.toString('utf8')), groups: sharedIdNames(g.toString('utf8')) };
}

/**
 * What `pick` finds in the user and group names, read once per connection and again when it
 * finds nothing (a user module may have added the name since).
 */
async function fromNames<T>(r: FileReader, pick: (n: Names) => T | undefined): Promise<T | undefined> {
  let names = namesByReader.get(r);
  for (let fresh = !names; ; fresh = true) {
    if (!names) namesByReader.set(r, (names = readNames(r)));
    const found = pick(await names);
    if (found !== undefined || fresh) return found;
    names = undefined;
  }
}

/** The owner and group names of a uid and gid. */
function namesOf(r: FileReader, uid: number, gid: number): Promise<[string, string] | undefined> {
  return fromNames(r, (n) => {
    const u = n.users.get(uid);
    const g = n.groups.get(gid);
    return u !== undefined && g !== undefined ? [u, g] : undefined;
  });
}

function idOf(m: ReadonlyMap<number, string>, name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  for (const [id, n] of m) if (n === name) return id;
  return undefined;
}

/**
 * The uid and gid of owner and group names (or numbers), from /etc/passwd and /etc/group;
 * undefined when a name is not there (NSS beyond files: the command decides).
 */
export function idsOf(
  r: FileReader,
  owner: string,
  group: string,
): Promise<{ uid: number; gid: number } | undefined> {
  return fromNames(r, (n) => {
    const uid = idOf(n.users, owner);
    const gid = idOf(n.groups, group);
    return uid !== undefined && gid !== undefined ? { uid, gid } : undefined;
  });
}

/** Whether a reader's answers are exact for a task with this become (see the file comment). */
export function readerIsExact(r: FileReader | undefined, become: BecomeSpec | undefined): r is FileReader {
  return r?.user === 'root' && (!become || become.user === 'root');
}

/** The file reader when its answers are exact for this task. */
export async function exactReader(ctx: ModuleContext): Promise<FileReader | undefined> {
  const r = await ctx.fileReader();
  return readerIsExact(r, ctx.become) ? r : undefined;
}

async function statOne(
  r: FileReader,
  path: string,
  checksum: ChecksumAlgo | false | undefined,
): Promise<RemoteStat | undefined> {
  const a = await r.lstat(path);
  if (!a) return { path, exists: false };
  const type = typeOf(a.mode);
  if (type === 'link') return undefined;
  const names = await namesOf(r, a.uid, a.gid);
  if (!names) return undefined;
  const st: RemoteStat = {
    path,
    exists: true,
    type,
    mode: a.mode & 0o7777,
    uid: a.uid,
    gid: a.gid,
    owner: names[0],
    group: names[1],
    size: a.size,
    mtime: a.mtime,
    atime: a.atime,
    // root: `[ -r ]` and `[ -w ]` hold for any file, `[ -x ]` for a directory or any x bit
    readable: true,
    writeable: true,
    executable: type === 'directory' || (a.mode & 0o111) !== 0,
  };
  if (!checksum || type !== 'file') return st;
  if (a.size > CHECKSUM_READ_LIMIT) return undefined;
  st.checksum = createHash(checksum)
    .update(await r.read(path, a.size))
    .digest('hex');
  return st;
}

/**
 * Runs `ask` with the exact reader; undefined (run the command instead) without one, or when
 * SFTP answers with a permission or protocol error: the command gives the exact answer then.
 */
async function overSftp<T>(
  ctx: ModuleContext,
  what: string,
  ask: (r: FileReader) => Promise<T | undefined>,
): Promise<T | undefined> {
  const r = await exactReader(ctx);
  if (!r) return undefined;
  ctx.log(`<${ctx.host}> SFTP ${what}`);
  return ask(r).catch(() => undefined);
}

/** statPaths without a command, or undefined (then run the command). */
export async function fastStatPaths(
  ctx: ModuleContext,
  paths: readonly string[],
  checksum?: ChecksumAlgo | false,
): Promise<RemoteStat[] | undefined> {
  return overSftp(ctx, `stat${checksum ? `+${checksum}` : ''} ${paths.join(' ')}`, async (r) => {
    const all = await Promise.all(paths.map((p) => statOne(r, p, checksum)));
    return all.every((x) => x !== undefined) ? (all as RemoteStat[]) : undefined;
  });
}

/** statAndRead without a command, or undefined. */
export async function fastStatAndRead(
  ctx: ModuleContext,
  path: string,
): Promise<{ st: RemoteStat; content?: Buffer } | undefined> {
  return overSftp(ctx, `stat+read ${path}`, async (r) => {
    const st = await statOne(r, path, false);
    if (!st) return undefined;
    return st.type === 'file' ? { st, content: await r.read(path, st.size) } : { st };
  });
}
