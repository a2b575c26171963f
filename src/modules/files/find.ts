import { posix } from 'node:path';
import { defineModule, ModuleFailure, type ArgTable } from '../lib/args.js';
import { pyRegex } from '../lib/py-regex.js';
import { fnmatch } from '../../util/fnmatch.js';
import { statPaths, type FileType, type RemoteStat } from '../lib/remote-stat.js';
import { findStatInfo } from './stat.js';
import type { ModuleContext } from '../types.js';

const args = {
  paths: { type: 'stringlist', remotePath: true, aliases: ['name', 'path'] },
  patterns: { type: 'stringlist', default: [], aliases: ['pattern'] },
  excludes: { type: 'stringlist', aliases: ['exclude'] },
  contains: { type: 'string' },
  read_whole_file: { type: 'boolean', default: false },
  file_type: { type: 'string', enum: ['any', 'directory', 'file', 'link'], default: 'file' },
  age: { type: 'string' },
  age_stamp: { type: 'string', enum: ['atime', 'ctime', 'mtime'], default: 'mtime' },
  size: { type: 'string' },
  recurse: { type: 'boolean', default: false },
  hidden: { type: 'boolean', default: false },
  follow: { type: 'boolean', default: false },
  get_checksum: { type: 'boolean', default: false },
  use_regex: { type: 'boolean', default: false },
  depth: { type: 'integer' },
} as const satisfies ArgTable;

// $1 max depth or '', $2 '-L' to follow links or '', then the paths. NUL-separated records.
const FIND_SCRIPT = `md=$1; fl=$2; shift 2
for p; do
  if [ -d "$p" ]; then
    printf 'P\\t%s\\0' "$p"
    find $fl "$p" -mindepth 1 \${md:+-maxdepth "$md"} -printf '%Y\\t%y\\t%m\\t%U\\t%G\\t%u\\t%g\\t%s\\t%T@\\t%A@\\t%C@\\t%i\\t%D\\t%n\\t%p\\0' 2>/dev/null
  else printf 'X\\t%s\\0' "$p"; fi
done`;

const TYPES: Record<string, FileType> = {
  f: 'file',
  d: 'directory',
  l: 'link',
  s: 'socket',
  p: 'fifo',
  c: 'char',
  b: 'block',
};

function withUnit(text: string, re: RegExp, units: Record<string, number>, what: string): number {
  const m = re.exec(text.toLowerCase());
  if (!m) throw new ModuleFailure(`failed to process ${what}`, { [what]: text });
  return Number(m[1]) * (units[m[2] ?? ''] ?? 1);
}

/** One entry find listed; `dirLike`: a directory, or a link to one (os.walk's `dirs` hold both). */
type Entry = RemoteStat & { dirLike: boolean };

function parseRecord(rec: string): Entry {
  const [target, y, m, uid, gid, user, group, size, mt, at, ct, ino, dev, nlink, ...rest] = rec.split('\t');
  return {
    path: rest.join('\t'),
    exists: true,
    type: TYPES[y!] ?? 'other',
    mode: parseInt(m!, 8),
    uid: Number(uid),
    gid: Number(gid),
    owner: user,
    group,
    size: Number(size),
    mtime: Number(mt),
    atime: Number(at),
    ctime: Number(ct),
    inode: Number(ino),
    dev: Number(dev),
    nlink: Number(nlink),
    dirLike: target === 'd',
  };
}

/**
 * The entries below one path in the order of Ansible's os.walk loop: each directory's other
 * entries, then its directories (each kind in the order the directory lists them), then each of
 * those directories the same way; GNU find lists them depth first, as they come.
 */
function walkOrder(entries: Entry[]): Entry[] {
  const children = new Map<string, Entry[]>();
  for (const e of entries) {
    const parent = posix.dirname(e.path);
    children.set(parent, [...(children.get(parent) ?? []), e]);
  }
  const out: Entry[] = [];
  const visit = (dir: string): void => {
    const here = children.get(dir) ?? [];
    const dirs = here.filter((e) => e.dirLike);
    out.push(...here.filter((e) => !e.dirLike), ...dirs);
    for (const d of dirs) visit(d.path);
  };
  if (entries.length) visit(posix.dirname(entries[0]!.path));
  return out;
}

/**
 * Python's `$` against a whole file: the end of the text or before its last newline (grep -z
 * would match only at the very end of its NUL-ended record); Python's `\Z` is PCRE's `\z`.
 */
export function wholeTextPattern(p: string): string {
  return p.replace(/(^|[^\\])\$/g, '$1(?=\\n?\\z)').replace(/(^|[^\\])\\Z/g, '$1\\z');
}

/** Files whose lines (or whole content) match `contains`: one grep -P over the candidates. */
async function containing(
  ctx: ModuleContext,
  files: string[],
  contains: string,
  whole: boolean,
): Promise<Set<string>> {
  // grep reads a newline in -e as a second pattern: give PCRE the escape instead
  const escaped = contains.replace(/\n/g, '\\n');
  const pattern = whole ? wholeTextPattern(escaped) : `^(?:${escaped})`;
  const hits = new Set<string>();
  for (const batch of batches(files)) {
    const r = await ctx.probeBytes(
      ['grep', '-l', '-s', ...(whole ? ['-z'] : []), '-P', '-e', pattern, '--', ...batch],
      { allowFail: true },
    );
    // 2 with nothing said: a file went away or cannot be read (-s is quiet about those), which
    // Ansible's find skips too; a bad pattern is said on stderr
    const said = r.stderr.toString().trim();
    if (r.rc > 1 && said) throw new ModuleFailure(`bad contains pattern: ${said}`);
    for (const f of r.stdout.toString('utf8').split('\n')) if (f) hits.add(f);
  }
  return hits;
}

/**
 * The paths in groups whose command line stays well below Linux's 128 KiB limit on one argument
 * (the command reaches the host's shell as one string): a recursive find over /tmp lists
 * thousands of files.
 */
function* batches(files: string[], maxChars = 64 * 1024): Generator<string[]> {
  let batch: string[] = [];
  let size = 0;
  for (const f of files) {
    if (batch.length && size + f.length + 3 > maxChars) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(f);
    size += f.length + 3;
  }
  if (batch.length) yield batch;
}

/** find: files below paths matching name patterns, type, age, size and content; one listing command. */
export const find = defineModule({
  name: 'find',
  args,
  required: ['paths'],
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const patterns = a.patterns.length ? a.patterns : [a.use_regex ? '.*' : '*'];
    const toRe = (p: string) => (a.use_regex ? pyRegex(`^(?:${p})`) : fnmatch(p));
    const inc = patterns.map(toRe);
    const exc = (a.excludes ?? []).map(toRe);
    const units = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
    const age = a.age === undefined ? undefined : withUnit(a.age, /^(-?\d+)(s|m|h|d|w)?$/, units, 'age');
    const sizeUnits = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
    const size =
      a.size === undefined ? undefined : withUnit(a.size, /^(-?\d+)(b|k|m|g|t)?$/, sizeUnits, 'size');
    // Ansible's walk lists the entries of directories at the last depth too: examined, not matched
    const maxDepth = a.recurse ? (a.depth ? String(a.depth + 1) : '') : '1';
    const r = await ctx.probeBytes([
      'sh',
      '-c',
      FIND_SCRIPT,
      'find',
      maxDepth,
      a.follow ? '-L' : '',
      ...a.paths!,
    ]);
    const now = Date.now() / 1000;
    const skipped: Record<string, string> = {};
    let examined = 0;
    const walked: { root: string; entries: Entry[] }[] = [];
    for (const rec of r.stdout.toString('utf8').split('\0')) {
      if (!rec) continue;
      if (rec.startsWith('P\t')) walked.push({ root: rec.slice(2).replace(/\/+$/, ''), entries: [] });
      else if (rec.startsWith('X\t')) skipped[rec.slice(2)] = `'${rec.slice(2)}' is not a directory`;
      else walked.at(-1)!.entries.push(parseRecord(rec));
    }
    let matched: RemoteStat[] = [];
    for (const { root, entries } of walked)
      for (const st of walkOrder(entries)) {
        examined++;
        if (a.recurse && a.depth && st.path.slice(root.length).split('/').filter(Boolean).length > a.depth)
          continue;
        const name = posix.basename(st.path);
        if (name.startsWith('.') && !a.hidden) continue;
        if (!inc.some((re) => re.test(name)) || exc.some((re) => re.test(name))) continue;
        if (a.file_type !== 'any' && st.type !== a.file_type) continue;
        if (age !== undefined) {
          const t = a.age_stamp === 'atime' ? st.atime! : a.age_stamp === 'ctime' ? st.ctime! : st.mtime!;
          if (age >= 0 ? now - t < age : now - t > -age) continue;
        }
        if (size !== undefined && st.type === 'file' && (size >= 0 ? st.size! < size : st.size! > -size))
          continue;
        matched.push(st);
      }
    if (a.contains !== undefined && a.file_type === 'file') {
      const hits = await containing(
        ctx,
        matched.map((s) => s.path),
        a.contains,
        a.read_whole_file,
      );
      matched = matched.filter((s) => hits.has(s.path));
    }
    if (a.get_checksum) {
      const sums = await statPaths(
        ctx,
        matched.filter((s) => s.type === 'file').map((s) => s.path),
        { checksum: 'sha1' },
      );
      const byPath = new Map(sums.map((s) => [s.path, s.checksum]));
      for (const s of matched) if (byPath.get(s.path)) s.checksum = byPath.get(s.path);
    }
    const files = matched.map(findStatInfo);
    // Ansible's module.warn, its newline too
    for (const [path, why] of Object.entries(skipped))
      ctx.warn(`Skipped '${path}' path due to this access issue: ${why}\n`);
    const msg = Object.keys(skipped).length
      ? 'Not all paths examined, check warnings for details'
      : 'All paths examined';
    return { changed: false, files, matched: files.length, examined, msg, skipped_paths: skipped };
  },
});
