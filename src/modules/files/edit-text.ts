import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import { applyFlags, type FlagsOutcome } from '../lib/file-flags.js';
import { attrChanges, checkModeArg, hasChanges, type AttrChanges } from '../lib/file-attrs.js';
import { sha1 } from '../lib/local-files.js';
import { statAndRead, type RemoteStat } from '../lib/remote-stat.js';
import { fastStatPaths } from '../lib/fast-stat.js';
import { convergeFile } from './converge-file.js';
import { quote } from '../../util/shell.js';
import type { FileDiff, ModuleContext, ModuleResult, ProbePaths } from '../types.js';

/**
 * The frame of lineinfile, blockinfile and replace: read the file once (stat and bytes in one
 * round trip), let the module compute the new text, then write it like copy does (atomic,
 * validate, backup, attributes, check and diff mode).
 *
 * Text is decoded as UTF-8 when the bytes are valid UTF-8, else byte for byte (latin1), so a
 * file in another encoding is never rewritten except where it is edited.
 */

export interface TextCodec {
  decode(b: Buffer): string;
  encode(s: string): Buffer;
  /** an argument (a line, a pattern) in the file's representation */
  arg(s: string): string;
}

function codecFor(b: Buffer | undefined): TextCodec {
  const utf8 = !b || Buffer.from(b.toString('utf8'), 'utf8').equals(b);
  if (utf8)
    return { decode: (x) => x.toString('utf8'), encode: (s) => Buffer.from(s, 'utf8'), arg: (s) => s };
  return {
    decode: (x) => x.toString('latin1'),
    encode: (s) => Buffer.from(s, 'latin1'),
    arg: (s) => Buffer.from(s, 'utf8').toString('latin1'),
  };
}

/** Python's readlines(): lines keep their line ending. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export interface EditArgs {
  path: string;
  create?: boolean;
  backup?: boolean;
  validate?: string;
  owner?: string;
  group?: string;
  mode?: string | number;
  unsafe_writes?: boolean;
  attributes?: string;
}

export interface EditOutcome {
  /** the new text; undefined: leave the content alone */
  text?: string;
  msg: string;
  extra?: Record<string, unknown>;
}

/** What editTextFile looks at: the file (stat and bytes) and, when it is missing, its directory. */
export function editProbes(a: { path: string }): ProbePaths {
  return { stat: [a.path, posix.dirname(a.path)], read: [a.path] };
}

/**
 * What an edit did, for each module to report in Ansible's words: the content message joined with
 * check_file_attrs' (`line added and ownership, perms or SE linux context changed`), the content
 * diff (texts only in diff mode) and the attributes that changed, as Ansible's
 * set_*_if_different record them (uid and gid as numbers, the mode as 0NNN).
 */
export interface EditedFile {
  changed: boolean;
  msg: string;
  contentChanged: boolean;
  backupFile?: string;
  content: { before: string; after: string };
  attrs: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  /** check mode, and the file is not there yet: Ansible reports before it looks at attributes */
  newInCheck: boolean;
  extra?: Record<string, unknown>;
}

const ATTRS_MSG = 'ownership, perms or SE linux context changed';

/** A new file as Ansible's atomic_move leaves it before its attributes are set: 0666 & ~umask (022). */
function createdStat(path: string): RemoteStat {
  return { path, exists: true, type: 'file', mode: 0o644 };
}

export async function editTextFile(
  ctx: ModuleContext,
  a: EditArgs,
  edit: (text: string | undefined, codec: TextCodec) => EditOutcome,
  opts: { missingOk?: EditOutcome; missingWord?: string } = {},
): Promise<ModuleResult | EditedFile> {
  checkModeArg(a.mode);
  const { st, content } = await statAndRead(ctx, a.path);
  if (st.exists && st.type === 'directory')
    throw new ModuleFailure(`Path ${a.path} is a directory !`, { rc: 256 });
  if (st.exists && content === undefined)
    throw new ModuleFailure(`Path ${a.path} is not a readable regular file`);
  if (!st.exists) {
    if (opts.missingOk) return { changed: false, ...opts.missingOk.extra, msg: opts.missingOk.msg };
    if (!a.create)
      throw new ModuleFailure(`${opts.missingWord ?? 'Path'} ${a.path} does not exist !`, { rc: 257 });
  }
  const codec = codecFor(content);
  const before = content ? codec.decode(content) : undefined;
  const out = edit(before, codec);
  const data = out.text === undefined ? (content ?? Buffer.alloc(0)) : codec.encode(out.text);
  const contentChanged = out.text !== undefined && (!st.exists || !data.equals(content!));
  const texts = { before: ctx.diff ? (before ?? '') : '', after: ctx.diff ? (out.text ?? before ?? '') : '' };
  const edited = { msg: out.msg, contentChanged, content: texts, extra: out.extra };
  if (!st.exists && out.text === undefined)
    return { ...edited, changed: false, attrs: {}, newInCheck: false };
  if (!st.exists) {
    // asked over SFTP where that is exact, else `[ -d ]`: no process on the host when it is there
    const dir = posix.dirname(a.path);
    const [d] = (await fastStatPaths(ctx, [dir])) ?? [];
    if (d?.type !== 'directory')
      await ctx.change({ shell: `[ -d ${quote(dir)} ] || mkdir -p -- ${quote(dir)}` }, { inline: true });
  }
  // a new file's owner is whoever creates it: only its mode is compared (with 0644)
  const want = st.exists ? { owner: a.owner, group: a.group, mode: a.mode } : { mode: a.mode };
  const ch = attrChanges(st.exists ? st : createdStat(a.path), want);
  const res = await convergeFile(ctx, {
    // like Ansible, edit what a symlink points to, keeping the link
    dest: st.linkTarget !== undefined && st.realPath ? st.realPath : a.path,
    st: { ...st, checksum: content ? sha1(content) : undefined },
    source: { data },
    checksum: sha1(data),
    before: content,
    owner: a.owner,
    group: a.group,
    mode: a.mode,
    validate: a.validate,
    backup: a.backup,
    unsafe_writes: a.unsafe_writes,
  });
  const backupFile = res.backup_file as string | undefined;
  // check mode, a file not there yet: Ansible answers before it looks at attributes
  if (!st.exists && ctx.wording(true, false))
    return { ...edited, changed: true, backupFile, attrs: {}, newInCheck: true };
  const attrs = attrDiff(ch, st, await applyFlags(ctx, res.dest as string, a.attributes));
  const attrsChanged = attrs.after !== undefined;
  return {
    ...edited,
    changed: contentChanged || attrsChanged,
    msg: attrsChanged ? (contentChanged ? `${out.msg} and ${ATTRS_MSG}` : ATTRS_MSG) : out.msg,
    backupFile,
    attrs,
    newInCheck: false,
  };
}

/**
 * The changed attributes as Ansible's diff records them, in its order: owner and group as ids (a
 * wanted name stays a name: fabplay does not look it up), the mode as 0NNN.
 */
function attrDiff(ch: AttrChanges, st: RemoteStat, flags: FlagsOutcome): EditedFile['attrs'] {
  if (!hasChanges(ch) && !flags.changed) return {};
  const id = (v: string): string | number => (/^\d+$/.test(v) ? Number(v) : v);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (ch.owner !== undefined) [before.owner, after.owner] = [st.uid, id(ch.owner)];
  if (ch.group !== undefined) [before.group, after.group] = [st.gid, id(ch.group)];
  if (ch.mode !== undefined) [before.mode, after.mode] = [ch.before.mode, ch.after.mode];
  if (flags.after !== undefined) [before.attributes, after.attributes] = [flags.before, flags.after];
  return { before, after };
}

/** Whether editTextFile returned a result as it is (the file is missing and that is fine). */
export function isResult(r: ModuleResult | EditedFile): r is ModuleResult {
  return !('content' in r);
}

/**
 * lineinfile's and blockinfile's diff: the content's (headed `PATH (content)`) and the attributes'
 * (`PATH (file attributes)`); only the content's for a file check mode would create.
 */
export function editDiff(path: string, e: EditedFile): FileDiff | FileDiff[] {
  // in Ansible's order of keys (a registered diff shown as text keeps it)
  const content = {
    before: e.content.before,
    after: e.content.after,
    before_header: `${path} (content)`,
    after_header: `${path} (content)`,
  };
  if (e.newInCheck) return content;
  const attrs = {
    ...(e.attrs.before ? { before: e.attrs.before, after: e.attrs.after } : {}),
    before_header: `${path} (file attributes)`,
    after_header: `${path} (file attributes)`,
  } as FileDiff;
  return [content, attrs];
}
