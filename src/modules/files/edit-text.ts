import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import { checkModeArg } from '../lib/file-attrs.js';
import { sha1 } from '../lib/local-files.js';
import { statAndRead } from '../lib/remote-stat.js';
import { fastStatPaths } from '../lib/fast-stat.js';
import { convergeFile } from './converge-file.js';
import { quote } from '../../util/shell.js';
import type { ModuleContext, ModuleResult, ProbePaths } from '../types.js';

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

export async function editTextFile(
  ctx: ModuleContext,
  a: EditArgs,
  edit: (text: string | undefined, codec: TextCodec) => EditOutcome,
  opts: { missingOk?: EditOutcome; missingWord?: string } = {},
): Promise<ModuleResult> {
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
  if (!st.exists && out.text === undefined) return { changed: false, msg: out.msg, ...out.extra };
  if (!st.exists) {
    // asked over SFTP where that is exact, else `[ -d ]`: no process on the host when it is there
    const dir = posix.dirname(a.path);
    const [d] = (await fastStatPaths(ctx, [dir])) ?? [];
    if (d?.type !== 'directory')
      await ctx.change({ shell: `[ -d ${quote(dir)} ] || mkdir -p -- ${quote(dir)}` }, { inline: true });
  }
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
  });
  const contentChanged = !st.exists || !data.equals(content!);
  const msg = contentChanged || !res.changed ? out.msg : 'ownership, perms or SE linux context changed';
  delete res.dest;
  delete res.checksum;
  return { ...res, path: a.path, msg, backup: res.backup_file ?? '', ...out.extra };
}
