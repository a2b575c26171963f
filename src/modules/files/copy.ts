import { stat } from 'node:fs/promises';
import { posix, basename } from 'node:path';
import { defineModule, findControllerFile, ModuleFailure, type ArgTable } from '../lib/args.js';
import { fileAttrArgs } from '../lib/file-args.js';
import { checkModeArg } from '../lib/file-attrs.js';
import { sha1, sha1File } from '../lib/local-files.js';
import { exactReader } from '../lib/fast-stat.js';
import { statPaths, type RemoteStat } from '../lib/remote-stat.js';
import { convergeFile } from './converge-file.js';
import { copyDirectory } from './copy-dir.js';
import { expandRemotePath, needsExpansion } from '../lib/remote-path.js';
import type { ModuleContext, ModuleResult, ProbePaths } from '../types.js';
import { isVaultFile, openVaultedFile } from '../../vault/controller-file.js';
import { pyJson } from '../../util/python-json.js';
import { floatRepr, isFloat } from '../../util/py-float.js';

/** Arguments shared by copy and template (and assemble). */
export const writeArgs = {
  dest: { type: 'string', remotePath: true },
  backup: { type: 'boolean', default: false },
  force: { type: 'boolean', default: true, aliases: ['thirsty'] },
  validate: { type: 'string' },
  follow: { type: 'boolean', default: false },
  ...fileAttrArgs,
} as const satisfies ArgTable;

const args = {
  ...writeArgs,
  src: { type: 'string' },
  content: { type: 'any' },
  remote_src: { type: 'boolean', default: false },
  directory_mode: { type: 'mode' },
  // unset: true for a source on the controller, false with remote_src (as Ansible's copy module)
  local_follow: { type: 'boolean' },
  checksum: { type: 'string' },
  decrypt: { type: 'boolean', default: true },
} as const satisfies ArgTable;

/**
 * What resolveFileDest looks at: the destination (with its checksum) and its directory; nothing
 * for `dest/` (the name comes from the source).
 */
export function destProbes(dest: string | undefined): ProbePaths | undefined {
  if (!dest || dest.endsWith('/')) return undefined;
  return { stat: [dest, posix.dirname(dest)], read: [dest] };
}

/**
 * Where a single file goes: `dest/` or an existing directory means dest/<basename of src>.
 * Returns the final path and its stat (with checksum), or fails when the directory is missing.
 */
export async function resolveFileDest(
  ctx: ModuleContext,
  dest: string,
  srcName: string | undefined,
  follow: boolean,
) {
  const dirGiven = dest.endsWith('/');
  if (dirGiven) {
    if (srcName === undefined) throw new ModuleFailure('can not use content with a dir as dest');
    dest = posix.join(dest, srcName);
  }
  // content is compared with what a symlink points to (as Ansible's sha1 does); with follow the
  // target is written, without it the link is replaced by a file when the content differs
  let [st, dirExists] = await destAndDir(ctx, dest);
  // `dest: dir/` asks for the directory to be made
  if (dirGiven && !dirExists) {
    await ctx.change(['mkdir', '-p', '--', posix.dirname(dest)]);
    return { dest, st };
  }
  if (st.exists && st.type === 'directory') {
    if (srcName === undefined) throw new ModuleFailure('can not use content with a dir as dest');
    dest = posix.join(dest, srcName);
    [st, dirExists] = await destAndDir(ctx, dest);
  }
  if (!dirExists) {
    // check mode: an earlier task would have made the directory; Ansible reports the change too
    if (ctx.mayBeMadeEarlier()) return { dest, st };
    throw new ModuleFailure(`Destination directory ${posix.dirname(dest)} does not exist`);
  }
  if (follow && st.linkTarget !== undefined && st.realPath) dest = st.realPath;
  return { dest, st };
}

/**
 * dest's stat (with checksum) and whether its directory exists. A dest that exists proves its
 * directory does: over SFTP the directory is asked only when dest is missing (a re-run then costs
 * one request less per file); the stat command asks for both at once (one process either way).
 */
async function destAndDir(ctx: ModuleContext, dest: string): Promise<[RemoteStat, boolean]> {
  const dir = posix.dirname(dest);
  const opts = { checksum: 'sha1', follow: true } as const;
  if (!(await exactReader(ctx))) {
    const [st, dirSt] = await statPaths(ctx, [dest, dir], opts);
    return [st!, dirSt!.exists];
  }
  const [st] = await statPaths(ctx, [dest], opts);
  if (st!.exists) return [st!, true];
  return [st!, (await statPaths(ctx, [dir], opts))[0]!.exists];
}

async function copyRemoteSrc(ctx: ModuleContext, a: Record<string, any>): Promise<ModuleResult> {
  // a source on the host is a `type: path` there: `$HOME/x` and `~/x` are the host's
  if (needsExpansion(a.src)) a = { ...a, src: await expandRemotePath(ctx, a.src) };
  const [srcSt] = await statPaths(ctx, [a.src], { checksum: 'sha1', follow: true });
  if (!srcSt!.exists) throw new ModuleFailure(`Source ${a.src} not found`);
  if (srcSt!.readable === false) throw new ModuleFailure(`Source ${a.src} not readable`);
  // a device, fifo or socket (Ansible's words)
  if (srcSt!.type !== 'file' && srcSt!.type !== 'directory')
    throw new ModuleFailure(`Cannot copy invalid source '${a.src}': not a file`);
  if (srcSt!.type === 'directory')
    return copyDirectory(ctx, { ...a, src: a.src, dest: a.dest, remote: true, srcStat: srcSt! });
  if (srcSt!.checksum === undefined) throw new ModuleFailure(`Source ${a.src} not readable`);
  const { dest, st } = await resolveFileDest(ctx, a.dest, posix.basename(a.src), a.follow);
  // Ansible's copy module alone (no action around it): no diff, the source's md5 always, and
  // dest's facts as dest is (none in check mode before it exists)
  const res = await convergeFile(ctx, {
    // named before the spread: see template.ts
    noDiff: true,
    ...a,
    dest,
    st,
    mode: a.mode === 'preserve' ? srcSt!.mode : a.mode,
    source: { remotePath: a.src },
    checksum: srcSt!.checksum,
  });
  if (!st.exists && ctx.wording(true, false)) delete res.state;
  return { ...res, src: a.src, ...(await remoteMd5(ctx, a.src)) };
}

/** The md5 of a file on the host (Ansible's copy reports it for compatibility); none if unreadable. */
async function remoteMd5(ctx: ModuleContext, path: string): Promise<{ md5sum?: string }> {
  const r = await ctx.probe(['md5sum', '--', path], { allowFail: true });
  return r.rc === 0 ? { md5sum: r.stdout.split(' ')[0]! } : {};
}

/**
 * The text of `content:` as Ansible's copy writes it: a list or dict as json.dumps gives it
 * (`{"a": 1.0}`), a float as Python's str ('1.0'), text as it is.
 */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (isFloat(content)) return floatRepr(Number(content));
  return typeof content === 'object' && content !== null ? pyJson(content) : JSON.stringify(content);
}

/** Writes bytes held in memory (content:, or a vaulted src opened on the controller) to dest. */
async function copyData(
  ctx: ModuleContext,
  a: Record<string, any>,
  data: Buffer,
  srcName: string | undefined,
  mode: string | number | undefined,
): Promise<ModuleResult> {
  const { dest, st } = await resolveFileDest(ctx, a.dest, srcName, a.follow);
  return convergeFile(ctx, {
    copyDiff: true,
    uploaded: true,
    ...a,
    dest,
    st,
    mode,
    source: { data },
    checksum: sha1(data),
    size: data.length,
  });
}

export const copy = defineModule({
  name: 'copy',
  args,
  required: ['dest'],
  // the copy action plugin's checks: src or content, never both
  rules: {
    mutuallyExclusive: [['content', 'src']],
    requiredOneOf: [['src', 'content']],
    missingMessages: { dest: 'dest is required', 'src|content': 'src (or content) is required' },
  },
  supportsCheck: true,
  supportsDiff: true,
  probes: (a) => (a.remote_src ? undefined : destProbes(a.dest)),
  async run(ctx, a) {
    // an empty src is no source either (Ansible's action plugin tests it as a boolean)
    if (!a.src && a.content === undefined) throw new ModuleFailure('src (or content) is required');
    if (!a.dest) throw new ModuleFailure('dest is required');
    if (a.src !== undefined && a.content !== undefined)
      throw new ModuleFailure('parameters are mutually exclusive: content|src');
    if (a.mode !== 'preserve') checkModeArg(a.mode);
    if (a.remote_src) {
      if (a.src === undefined) throw new ModuleFailure('remote_src requires src');
      return copyRemoteSrc(ctx, a);
    }
    if (a.content !== undefined) {
      const text = contentText(a.content);
      return copyData(ctx, a, Buffer.from(text), undefined, a.mode === 'preserve' ? undefined : a.mode);
    }
    const local = findControllerFile(ctx, 'files', a.src!);
    const lst = await stat(local).catch(() => undefined);
    if (!lst)
      throw new ModuleFailure(`Could not find or access '${a.src}' on the controller (looked at ${local})`);
    if (lst.isDirectory()) return copyDirectory(ctx, { ...a, src: local, srcGiven: a.src!, remote: false });
    // a vaulted src is copied in clear unless decrypt: false (as Ansible does)
    if (a.decrypt && isVaultFile(local)) {
      const data = openVaultedFile(local);
      return copyData(ctx, a, data, basename(local), a.mode === 'preserve' ? lst.mode & 0o7777 : a.mode);
    }
    const wanted = await sha1File(local);
    // `checksum:` is the sha1 the source must have (Ansible checks it before writing)
    if (a.checksum !== undefined && a.checksum !== wanted)
      throw new ModuleFailure(`Copied file does not match the expected checksum. Transfer failed.`, {
        checksum: wanted,
        expected_checksum: a.checksum,
      });
    const { dest, st } = await resolveFileDest(ctx, a.dest, basename(local), a.follow);
    return convergeFile(ctx, {
      copyDiff: true,
      uploaded: true,
      ...a,
      dest,
      st,
      mode: a.mode === 'preserve' ? lst.mode & 0o7777 : a.mode,
      source: { localPath: local },
      checksum: wanted,
      size: lst.size,
    });
  },
});
