import { atomicWrite } from '../lib/atomic-write.js';
import { defineModule, ModuleFailure } from '../lib/args.js';
import { scriptText } from '../lib/context.js';
import { nulFields } from '../lib/probe-output.js';
import { pyOSError } from '../lib/py-errno.js';
import {
  addPathInfo,
  parseStatOutput,
  statOfVariable,
  statPath,
  type RemoteStat,
} from '../lib/remote-stat.js';
import { pyDirname, universalNewlines } from '../../util/py-text.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import { InvalidKey, NoKeyAfterType, planKeys } from './authorized-key-plan.js';

/**
 * ansible.posix.authorized_key: a user's SSH keys in their authorized_keys file. The file is read
 * and planned on the controller (authorized-key-plan.ts); when it changes, the directory and the
 * file are made the user's as Ansible's module makes them (~/.ssh 0700, the file 0600, both owned
 * by the user and their primary group) and the new text is written atomically over it.
 */

// $1 user $2 path ('' for ~user/.ssh/authorized_keys) $3 1: look the user up $4 1: follow links.
// NUL-separated: P passwd entry (or U: no such user), T the given path's stat record (the
// result's facts when nothing changes), K the key file, its real path, then F and the file's
// bytes, X (a file not readable) or M (no regular file there).
const PROBE = `u=$1 kf=$2 pw=
if [ "$3" = 1 ]; then
  pw=$(getent passwd "$u") || pw=
  case $pw in "$u":*) ;; *) printf 'U\\0'; exit 0 ;; esac
fi
printf 'P\\0%s\\0' "$pw"
st=
[ -z "$kf" ] || st=$(${statOfVariable('kf')})
printf 'T\\0%s\\0' "$st"
if [ -z "$kf" ]; then
  h=$(printf '%s' "$pw" | cut -d: -f6)
  case $h in '') kf=.ssh/authorized_keys ;; */) kf=$h.ssh/authorized_keys ;; *) kf=$h/.ssh/authorized_keys ;; esac
fi
r=
[ "$4" != 1 ] || r=$(readlink -m -- "$kf")
printf 'K\\0%s\\0%s\\0' "$kf" "$r"
if [ -f "$kf" ]; then if [ -r "$kf" ]; then printf 'F\\0'; cat -- "$kf"; else printf 'X\\0'; fi
else printf 'M\\0'; fi`;

// $1 uid $2 gid $3 the key file's directory $4 the key file $5 1: manage the directory.
// The directory: made 0700 when missing, then the user's and 0700; the file: made when missing
// (with any missing parents), then the user's and 0600 when it can be.
const PREPARE = `uid=$1 gid=$2 sd=$3 kf=$4
if [ "$5" = 1 ]; then
  if [ ! -e "$sd" ]; then e=$(mkdir -m 0700 -- "$sd" 2>&1) || { echo "$e" >&2; exit 90; }; fi
  chown -- "$uid:$gid" "$sd" && chmod 0700 -- "$sd" || exit 91
fi
if [ ! -e "$kf" ]; then
  b=$(dirname -- "$kf")
  { [ -e "$b" ] || mkdir -p -- "$b"; } && : > "$kf" || exit 92
fi
chown -- "$uid:$gid" "$kf" 2>/dev/null
chmod 0600 -- "$kf" 2>/dev/null
exit 0`;

interface Found {
  /** passwd fields (name, x, uid, gid, ...), when the user was looked up */
  passwd?: string[];
  /** the given path itself (not followed), before any change */
  stat?: RemoteStat;
  keyfile: string;
  realpath: string;
  /** the file's text as Python reads it ('' when there is no file) */
  text: string;
}

async function probe(
  ctx: ModuleContext,
  user: string,
  path: string | undefined,
  look: boolean,
  follow: boolean,
) {
  const args = [user, path ?? '', look ? '1' : '0', follow ? '1' : '0'];
  const r = await ctx.probeBytes({ shell: scriptText(PROBE, args) }, { inline: true });
  const f = nulFields(r.stdout);
  const tag = f.next();
  if (tag === 'U') return undefined;
  const bad = () =>
    new ModuleFailure(`could not read the key file on ${ctx.host}: ${r.stderr.toString().trim()}`);
  if (tag !== 'P') throw bad();
  const pw = f.next();
  f.next(); // T
  const st = f.next();
  f.next(); // K
  const found: Found = {
    passwd: look ? pw.split(':') : undefined,
    stat: path === undefined ? undefined : parseStatOutput([path], st)[0],
    keyfile: f.next(),
    realpath: f.next(),
    text: '',
  };
  const what = f.next();
  if (what === 'X') throw new ModuleFailure(`Failed to read ${found.keyfile}: permission denied`);
  if (what === 'F') found.text = universalNewlines(f.rest().toString('utf8'));
  else if (what !== 'M') throw bad();
  return found;
}

/** The new text, with Ansible's words for a key it cannot read. */
function plan(text: string, a: Args): string | undefined {
  try {
    return planKeys(text, {
      key: a.key,
      present: a.state === 'present',
      keyOptions: a.key_options,
      comment: a.comment,
      exclusive: a.exclusive,
    });
  } catch (e) {
    if (e instanceof InvalidKey) throw new ModuleFailure(`invalid key specified: ${e.message}`);
    if (e instanceof NoKeyAfterType)
      throw new ModuleFailure(`a key line names a key type but no key after it: ${e.message.trimEnd()}`);
    throw e;
  }
}

type Args = {
  user: string;
  key: string;
  path?: string;
  manage_dir: boolean;
  state: string;
  key_options?: string;
  exclusive: boolean;
  comment?: string;
  follow: boolean;
};

export const authorizedKey = defineModule({
  name: 'authorized_key',
  args: {
    user: { type: 'string' },
    key: { type: 'string' },
    path: { type: 'string', remotePath: true },
    manage_dir: { type: 'boolean', default: true },
    state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
    key_options: { type: 'string' },
    exclusive: { type: 'boolean', default: false },
    // only keys fetched from a URL would be checked, and fabplay fetches none
    validate_certs: { type: 'boolean', default: true },
    comment: { type: 'string' },
    follow: { type: 'boolean', default: false },
  },
  required: ['user', 'key'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    if (a.key.startsWith('http'))
      throw new ModuleFailure(
        `Error getting key from: ${a.key}: fabplay's authorized_key does not download keys; fetch them ` +
          `first (uri: url=${a.key} return_content=true, registered as r) and give the text: key: "{{ r.content }}"`,
      );
    // Ansible's module decides by check mode here: with a given path it needs no user then
    const check = ctx.wording(true, false);
    const look = !(check && a.path !== undefined);
    const found = await probe(ctx, a.user, a.path, look, a.follow);
    if (!found)
      throw new ModuleFailure(
        check && a.path === undefined
          ? 'Either user must exist or you must provide full path to key file in check mode'
          : `Failed to lookup user ${a.user}: "getpwnam(): name not found: '${a.user}'"`,
      );
    const after = plan(found.text, a);
    const result: ModuleResult = {
      changed: after !== undefined,
      user: a.user,
      key: a.key,
      path: a.path ?? null,
      manage_dir: a.manage_dir,
      state: a.state,
      key_options: a.key_options ?? null,
      exclusive: a.exclusive,
      comment: a.comment ?? null,
      validate_certs: a.validate_certs,
      follow: a.follow,
      keyfile: found.keyfile,
    };
    let written: true | undefined;
    if (after !== undefined) {
      const filename = a.follow ? found.realpath : found.keyfile;
      if (ctx.diff)
        result.diff = { before_header: found.keyfile, after_header: filename, before: found.text, after };
      written = await ctx.changes(`write ${filename}`, () =>
        write(ctx, found, filename, after, a.manage_dir),
      );
    }
    if (a.path === undefined) return result;
    return addPathInfo(result, written ? await statPath(ctx, a.path, { full: true }) : found.stat!);
  },
});

/** Makes the directory and the file the user's, then writes the new text over the file. */
async function write(ctx: ModuleContext, found: Found, filename: string, text: string, manageDir: boolean) {
  const [uid, gid] = [found.passwd![2]!, found.passwd![3]!];
  const dir = pyDirname(found.keyfile);
  const args = [uid, gid, dir, filename, manageDir ? '1' : '0'];
  const r = (await ctx.change({ shell: scriptText(PREPARE, args) }, { allowFail: true, inline: true }))!;
  if (r.rc === 90)
    throw new ModuleFailure(
      `Failed to create directory ${dir} : ${pyOSError(r.stderr, dir) ?? r.stderr.trim()}`,
    );
  if (r.rc !== 0) throw new ModuleFailure(`could not prepare ${filename} on ${ctx.host}: ${r.stderr.trim()}`);
  await atomicWrite(ctx, filename, { data: Buffer.from(text) });
  return true as const;
}
