import { atomicWrite } from '../lib/atomic-write.js';
import { defineModule, ModuleFailure } from '../lib/args.js';
import { scriptText } from '../lib/context.js';
import { binPathScript, nulFields } from '../lib/probe-output.js';
import { pyOSError } from '../lib/py-errno.js';
import {
  addPathInfo,
  parseStatOutput,
  statOfVariable,
  statPath,
  type RemoteStat,
} from '../lib/remote-stat.js';
import { pyDirname, universalNewlines } from '../../util/py-text.js';
import type { ModuleContext } from '../types.js';
import {
  isHostList,
  judgeFound,
  keyLine,
  knownHostsDiff,
  rewriteLines,
  type Search,
} from './known-hosts-plan.js';

/**
 * ansible.builtin.known_hosts: one host's key in a known_hosts file, looked up with the host's own
 * `ssh-keygen -F` (it reads hashed entries and [host]:port forms), a whole host removed with
 * `ssh-keygen -R`, and the file otherwise rewritten as Ansible's module rewrites it: the found line
 * dropped, the new line appended.
 */

// $1 host (lower case) $2 path $3 the key line ('' for none). NUL-separated fields:
// N paths (no ssh-keygen) | B ssh-keygen's path, T the path's stat record (the result's facts
// when nothing changes), S what ssh-keygen found for the host in the key alone (Ansible's check
// that the key names the host), then R rc stdout stderr of the search in the file when the path
// exists, then F and the file's bytes, U (there, not a readable file) or M (missing).
const PROBE = `h=$1 p=$2 k=$3
${binPathScript('ssh-keygen')}
printf 'B\\0%s\\0' "$bin"
printf 'T\\0%s\\0' "$(${statOfVariable('p')})"
t=$(mktemp -d) || exit 1
trap 'rm -rf -- "$t"' EXIT
s=.
if [ -n "$k" ]; then printf '%s' "$k" > "$t/k" && s=$("$bin" -F "$h" -f "$t/k" 2>/dev/null; echo .); fi
printf 'S\\0%s\\0' "\${s%.}"
if [ -e "$p" ]; then
  o=$("$bin" -F "$h" -f "$p" 2>"$t/e"; r=$?; echo .; exit $r); rc=$?
  e=$(cat -- "$t/e"; echo .)
  printf 'R\\0%s\\0%s\\0%s\\0' "$rc" "\${o%.}" "\${e%.}"
fi
if [ -f "$p" ] && [ -r "$p" ]; then printf 'F\\0'; cat -- "$p"
elif [ -e "$p" ]; then printf 'U\\0'; else printf 'M\\0'; fi`;

interface Probe {
  /** ssh-keygen's path */
  bin: string;
  /** the path itself (not followed), before any change */
  stat: RemoteStat;
  search?: { rc: number; stdout: string; stderr: string };
  /** Ansible's sanity check: ssh-keygen finds the host in the key alone */
  keyNamesHost: boolean;
  /** the file's text as Python reads it; undefined: missing; null: there but not readable */
  text?: string | null;
}

async function probe(
  ctx: ModuleContext,
  host: string,
  path: string,
  key: string | undefined,
): Promise<Probe> {
  const r = await ctx.probeBytes({ shell: scriptText(PROBE, [host, path, key ?? '']) }, { inline: true });
  const f = nulFields(r.stdout);
  const first = f.next();
  if (first === 'N')
    throw new ModuleFailure(`Failed to find required executable "ssh-keygen" in paths: ${f.next()}`);
  const failed = () =>
    new ModuleFailure(`could not read ${path} on ${ctx.host}: ${r.stderr.toString().trim()}`);
  if (first !== 'B') throw failed();
  const bin = f.next();
  f.next(); // T
  const stat = parseStatOutput([path], f.next())[0]!;
  f.next(); // S
  const out: Probe = { bin, stat, keyNamesHost: f.next() !== '' };
  let tag = f.next();
  if (tag === 'R') {
    out.search = { rc: Number(f.next()), stdout: f.next(), stderr: f.next() };
    tag = f.next();
  }
  if (tag === 'F') out.text = universalNewlines(f.rest().toString('utf8'));
  else if (tag === 'U') out.text = null;
  else if (tag !== 'M') throw failed();
  return out;
}

/** Ansible's search_for_host_key, on what the probe found. */
function searchOf(p: Probe, key: string | undefined): Search {
  const s = p.search;
  if (!s || (s.stdout === '' && s.stderr === '' && (s.rc === 0 || s.rc === 1)))
    return { found: false, replaceOrAdd: false };
  if (s.rc !== 0)
    throw new ModuleFailure(`ssh-keygen failed (rc=${s.rc}, stdout='${s.stdout}',stderr='${s.stderr}')`);
  return key ? judgeFound(s.stdout, key) : { found: true, replaceOrAdd: false };
}

export const knownHosts = defineModule({
  name: 'known_hosts',
  args: {
    name: { type: 'string', aliases: ['host'] },
    key: { type: 'string' },
    path: { type: 'string', remotePath: true, default: '~/.ssh/known_hosts' },
    hash_host: { type: 'boolean', default: false },
    state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
  },
  required: ['name'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const host = a.name.toLowerCase();
    const present = a.state === 'present';
    const key = keyLine(host, a.key, a.hash_host);
    const p = await probe(ctx, host, a.path, key);
    if (!key && present) throw new ModuleFailure('No key specified when adding a host');
    if (key && isHostList(host))
      throw new ModuleFailure(
        'Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file.',
      );
    if (key && !p.keyNamesHost)
      throw new ModuleFailure('Host parameter does not match hashed host field in supplied key');
    const s = searchOf(p, key);
    const diff = knownHostsDiff(a.path, p.text ?? undefined, s, present, key);
    if (p.text === null) diff.before_header = a.path;
    const params = { name: a.name, key: a.key ?? null, path: a.path, hash_host: a.hash_host, state: a.state };
    // a key to remove that the file does not hold: nothing to do, in check mode too
    if (!present && s.foundLine === undefined && key)
      return addPathInfo({ changed: false, ...params, diff }, p.stat);
    const removeHost = s.found && !key && !present;
    const changed = removeHost || s.replaceOrAdd || s.found !== present;
    if (changed)
      await ctx.changes(`update ${a.path}`, () =>
        removeHost
          ? removeWholeHost(ctx, p.bin, host, a.path)
          : rewrite(ctx, a.path, p.text, s, present, key),
      );
    // check mode: Ansible returns the verdict and the diff alone
    if (ctx.wording(true, false)) return { changed, diff };
    const st = changed ? await statPath(ctx, a.path, { full: true }) : p.stat;
    return addPathInfo({ changed, ...params, diff }, st);
  },
});

/** ssh-keygen -R: every line of the host goes (the old file stays as PATH.old, as Ansible's does). */
async function removeWholeHost(ctx: ModuleContext, bin: string, host: string, path: string) {
  const r = (await ctx.change([bin, '-R', host, '-f', path], { allowFail: true }))!;
  if (r.rc !== 0)
    throw new ModuleFailure(r.stderr.trimEnd(), { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  // Ansible then copies the file ssh-keygen left line by line: the same bytes, so no more is done
}

/** The file without the found line (when it goes) and with the key appended (when it comes). */
async function rewrite(
  ctx: ModuleContext,
  path: string,
  text: string | null | undefined,
  s: Search,
  present: boolean,
  key: string | undefined,
) {
  if (text === null) throw new ModuleFailure(`Failed to read ${path}: not a readable file`);
  const drop = s.replaceOrAdd || !present ? s.foundLine : undefined;
  const after = rewriteLines(text ?? '', drop, present ? key : undefined);
  await atomicWrite(ctx, path, { data: Buffer.from(after) }).catch(writeFailure(path));
}

/** Ansible's words for a file it cannot write (its temporary file goes beside it). */
function writeFailure(path: string) {
  return (e: unknown): never => {
    const why = e instanceof ModuleFailure && pyOSError(String(e.extra.stderr ?? ''), pyDirname(path));
    if (why) throw new ModuleFailure(`Failed to write to file ${path}: ${why}`);
    throw e;
  };
}
