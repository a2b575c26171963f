import { createReadStream } from 'node:fs';
import { createHash, hash as digest } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { atomicWrite, type WriteSource } from '../lib/atomic-write.js';
import { contentDiff, MAX_DIFF_SIZE, stateDiff } from '../lib/diff.js';
import { applyAttrs, resolveMode, type WantedAttrs } from '../lib/file-attrs.js';
import { ansibleFileFacts, type RemoteStat } from '../lib/remote-stat.js';
import { applyFlags } from '../lib/file-flags.js';
import { ModuleFailure } from '../lib/args.js';
import { boolOf } from '../../util/ansible-bool.js';
import { extensibleCopy } from '../../util/extensible-copy.js';
import type { FileDiff, ModuleContext, ModuleResult } from '../types.js';

/**
 * The shared end of copy, template, assemble, lineinfile, blockinfile and replace: make one
 * regular file hold the wanted bytes with the wanted attributes. Compares sha1 checksums (the
 * remote one comes from the caller's stat) so equal content is never uploaded; honours check
 * mode (the write is a change: not sent) and diff mode (old and new content).
 */

export interface ConvergeFile extends WantedAttrs {
  dest: string;
  source: WriteSource;
  /** sha1 of the wanted content */
  checksum: string;
  /** the destination as it is now (stat with checksum) */
  st: RemoteStat;
  validate?: string;
  backup?: boolean;
  /** write in place when an atomic write cannot be made (unset: ANSIBLE_UNSAFE_WRITES of the task's environment) */
  unsafe_writes?: boolean;
  /** file flags to set (`+i`, `-a`, `=e`: file-flags.ts) */
  attributes?: string;
  /** false: leave an existing file's content alone (copy's force: no) */
  force?: boolean;
  /** the old content when the caller has read it already */
  before?: Buffer;
  /** the new content size, for the result */
  size?: number;
  /**
   * the diff as Ansible's copy action returns it: a changed file's content diff in a list (empty
   * without --diff), an unchanged file's the file module's (its path and changed attributes)
   */
  copyDiff?: boolean;
  /** no diff at all, --diff or not (copy with remote_src: Ansible's copy module returns none) */
  noDiff?: boolean;
  /**
   * the bytes come from the controller, as through Ansible's copy action (copy, template): a
   * written file's `src` is where they were put on the host (Ansible's is its uploaded temporary
   * file), and an unchanged file answers as the file module the action runs then (`path`, no src)
   */
  uploaded?: boolean;
}

/** Reads a remote file as bytes (with the task's become). */
export async function readRemote(ctx: ModuleContext, path: string): Promise<Buffer> {
  return (await ctx.probeBytes(['cat', '--', path])).stdout;
}

/** The new content for a diff; a large controller file is not read, only noted. */
async function sourceBytesForDiff(ctx: ModuleContext, source: WriteSource): Promise<Buffer | number> {
  if ('data' in source) return source.data;
  if ('localPath' in source) {
    const size = (await stat(source.localPath)).size;
    return size <= MAX_DIFF_SIZE ? readFile(source.localPath) : size;
  }
  return readRemote(ctx, source.remotePath);
}

async function contentChangeDiff(ctx: ModuleContext, a: ConvergeFile): Promise<FileDiff> {
  let before: Buffer | undefined = a.before;
  if (!before && a.st.exists && a.st.type === 'file' && (a.st.size ?? 0) <= MAX_DIFF_SIZE)
    before = await readRemote(ctx, a.dest);
  const after = await sourceBytesForDiff(ctx, a.source);
  if (typeof after === 'number')
    return {
      before: '',
      after: '',
      before_header: a.dest,
      after_header: `${a.dest} (after: larger than ${MAX_DIFF_SIZE} bytes, diff skipped)`,
    };
  const d = contentDiff(a.dest, before ?? '', after);
  // Ansible's diff of a new file has no before_header
  if (!a.st.exists) delete d.before_header;
  return d;
}

export async function convergeFile(ctx: ModuleContext, a: ConvergeFile): Promise<ModuleResult> {
  const { st, dest } = a;
  if (st.exists && st.type === 'directory') throw new ModuleFailure(`${dest} is a directory`);
  const contentChanged = !st.exists || (a.force !== false && st.checksum !== a.checksum);
  const base: ModuleResult = { changed: false, dest, checksum: a.checksum };

  if (!contentChanged) {
    const attrs = await applyAttrs(ctx, st, { owner: a.owner, group: a.group, mode: a.mode });
    const flags = await applyFlags(ctx, dest, a.attributes);
    const changed = attrs.changed || flags.changed;
    const facts = ansibleFileFacts(st);
    // facts of the file as it is: check mode reports the old attributes, as Ansible's modules do
    if (attrs.changed && attrs.sent) Object.assign(facts, attrs.after);
    // built by assignment, in the order a spread would give (extensible-copy.ts says why)
    const res = extensibleCopy(base);
    if (a.uploaded) res.path = dest;
    Object.assign(res, facts);
    res.changed = changed;
    const [before, after] =
      flags.after === undefined ? [{}, {}] : [{ attributes: flags.before }, { attributes: flags.after }];
    if (!a.noDiff && ((changed && ctx.diff) || a.copyDiff)) {
      const d = stateDiff({ path: dest, ...attrs.before }, { path: dest, ...attrs.after });
      // attributes last, as Ansible records them after owner, group and mode
      res.diff = {
        before: { ...(d.before as object), ...before },
        after: { ...(d.after as object), ...after },
      };
    }
    return res;
  }

  const mode =
    a.mode === undefined || a.mode === 'preserve'
      ? undefined
      : resolveMode(a.mode, st.exists ? (st.mode ?? 0o644) : 0o644, false);
  const content = ctx.diff && !a.noDiff ? await contentChangeDiff(ctx, a) : undefined;
  const diff = a.copyDiff ? (content ? [content] : []) : content;
  const w = await atomicWrite(ctx, dest, a.source, {
    owner: a.owner,
    group: a.group,
    mode,
    validate: a.validate,
    backup: a.backup,
    unsafe: a.unsafe_writes ?? boolOf(ctx.env?.ANSIBLE_UNSAFE_WRITES) ?? false,
  });
  // the flags last, as Ansible sets them after the move (in check mode the content change says it)
  if (w) await applyFlags(ctx, dest, a.attributes);
  // check mode: Ansible's copy action (copy, template) returns as soon as it sees the content differ
  if (!w && a.uploaded) return { diff, changed: true };
  const res = extensibleCopy(base);
  res.changed = true;
  if (!w) {
    Object.assign(res, st.exists ? ansibleFileFacts(st) : { state: 'file' });
    if (a.size !== undefined) res.size = a.size;
  } else {
    // Ansible's copy module still reports the md5 of what it wrote (backwards compatibility)
    Object.assign(res, await md5Of(a.source), ansibleFileFacts(w.stat));
    if (w.backupFile) res.backup_file = w.backupFile;
    if (a.uploaded && w.staged) res.src = w.staged;
  }
  if (diff) res.diff = diff;
  return res;
}

/** Ansible's copy still reports the md5 of what it wrote; for a source on the host it is left out. */
async function md5Of(source: WriteSource): Promise<{ md5sum?: string }> {
  if ('data' in source) return { md5sum: digest('md5', source.data) };
  if (!('localPath' in source)) return {};
  const hash = createHash('md5');
  for await (const chunk of createReadStream(source.localPath)) hash.update(chunk as Buffer);
  return { md5sum: hash.digest('hex') };
}
