import { posix } from 'node:path';
import { inFlight } from '../../connection/in-flight.js';
import { UnreachableError } from '../../errors.js';
import { ModuleFailure } from './args.js';
import { exactReader, fastStatPaths, idsOf } from './fast-stat.js';
import { statPaths, typeOf, type RemoteStat } from './remote-stat.js';
import type { WriteOptions, WriteResult } from './atomic-write.js';
import type { FileReader, FileWriter } from '../../connection/types.js';
import type { ModuleContext } from '../types.js';

/** The SFTP reader and writer when their answers are exact for this task (see exactReader). */
async function exactSftp(
  ctx: ModuleContext,
): Promise<{ reader: FileReader; writer: FileWriter } | undefined> {
  const reader = await exactReader(ctx);
  const writer = reader && (await ctx.fileWriter());
  return reader && writer ? { reader, writer } : undefined;
}

/** uid and gid to give a path: the names asked for, else the old file's, else root's. */
async function wantedIds(
  reader: FileReader,
  want: { owner?: string; group?: string },
  old?: { uid: number; gid: number },
): Promise<{ uid: number; gid: number } | undefined> {
  const ids = { uid: old?.uid ?? 0, gid: old?.gid ?? 0 };
  if (want.owner === undefined && want.group === undefined) return ids;
  return idsOf(reader, want.owner ?? String(ids.uid), want.group ?? String(ids.gid));
}

/**
 * Creates directories (outermost first) over SFTP with their mode, owner and group set, or
 * returns false (then commands do it): the same conditions as writeOverSftp, and a mode given
 * (a directory without one gets the shell's umask). `parent` is the existing directory the
 * first one goes in: under a setgid directory chmod(2) would clear the bit mkdir gave, where
 * the chmod command keeps it.
 */
export async function mkdirsOverSftp(
  ctx: ModuleContext,
  paths: readonly string[],
  parent: { mode?: number } | undefined,
  opts: { mode?: number; owner?: string; group?: string },
): Promise<boolean> {
  if (opts.mode === undefined || (parent?.mode ?? 0) & 0o2000) return false;
  const sftp = await exactSftp(ctx);
  const ids = sftp && (await wantedIds(sftp.reader, opts).catch(() => undefined));
  if (!sftp || !ids) return false;
  for (const p of paths) {
    ctx.log(`<${ctx.host}> SFTP mkdir ${p} (mode ${opts.mode.toString(8)})`);
    try {
      await sftp.writer.mkdir(p, { mode: opts.mode, ...ids });
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      throw new ModuleFailure(`could not create the directory ${p} on ${ctx.host}: ${(e as Error).message}`);
    }
  }
  return true;
}

/** The mode and ids of the new file, or undefined when only the shell knows them. */
async function planWrite(
  reader: FileReader,
  dest: string,
  opts: WriteOptions,
): Promise<{ mode: number; ids: { uid: number; gid: number } } | undefined> {
  const [old, dir] = await Promise.all([reader.lstat(dest), reader.lstat(posix.dirname(dest))]);
  if (!dir || typeOf(dir.mode) !== 'directory' || dir.mode & 0o2000) return undefined;
  if (old && typeOf(old.mode) !== 'file') return undefined;
  const mode = opts.mode ?? (old ? old.mode & 0o7777 : undefined);
  const ids = mode === undefined ? undefined : await wantedIds(reader, opts, old);
  return mode !== undefined && ids ? { mode, ids } : undefined;
}

/** Content up to this size is written over SFTP: one write request, a few packets in all. */
export const SFTP_WRITE_LIMIT = 32 * 1024;

/**
 * atomicWrite with no process on the host: the bytes go over SFTP into a temporary file created
 * exclusively beside the destination, owner and mode are set on it, and posix-rename puts it in
 * place. Used when every answer is exact without a shell, else undefined (the command writes):
 * - a root login with no become to another user (exactReader), and the server renames over a
 *   file atomically (posix-rename@openssh.com);
 * - small content, no validate, no backup, no unsafe_writes (the command falls back to them);
 * - a regular destination or none, in an existing directory without the setgid bit (there the
 *   command gives a new file our group, as Ansible does);
 * - a mode to give it (asked, or the old file's): a new file without one gets the shell's umask;
 * - owner and group names found in /etc/passwd and /etc/group.
 * Ctrl-C waits for a write in flight (in-flight.ts); a connection lost during the write leaves
 * its temporary file (`.NAME.fabplay-sftpPID-*.tmp`), never a half-written destination, and the
 * next write into that directory removes it (SftpWriter.tempFor).
 */
export async function writeOverSftp(
  ctx: ModuleContext,
  dest: string,
  data: Buffer,
  opts: WriteOptions,
): Promise<WriteResult | undefined> {
  if (opts.validate || opts.backup || opts.unsafe || data.length > SFTP_WRITE_LIMIT) return undefined;
  // planned before the writer is asked for: asking for it drops what the task's checks read in
  // their batch (a write follows), and the plan's two stats would go to the server again.
  // An SFTP error here (a permission, a protocol limit) leaves the decision to the command
  const reader = await exactReader(ctx);
  const plan = reader && (await planWrite(reader, dest, opts).catch(() => undefined));
  if (!reader || !plan) return undefined;
  const writer = await ctx.fileWriter();
  if (!writer?.atomicReplace) return undefined;
  const { mode, ids } = plan;
  ctx.log(`<${ctx.host}> SFTP write ${dest} (${data.length} bytes, mode ${mode.toString(8)})`);
  const tmp = await writer.tempFor(dest);
  let after: Promise<RemoteStat[] | undefined> | undefined;
  await inFlight(async () => {
    try {
      await writer.create(tmp, data, { mode, ...ids });
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      throw new ModuleFailure(
        `could not write the temporary file for ${dest} on ${ctx.host}: ${(e as Error).message}`,
      );
    }
    const renaming = writer.rename(tmp, dest);
    // the result's stat goes out right behind the rename, in the same packet: the server answers
    // in order, so it sees the new file, and a write costs a round trip less. Not used if the
    // rename fails
    after = fastStatPaths(ctx, [dest]).catch(() => undefined);
    try {
      await renaming;
    } catch (e) {
      await writer.unlink(tmp).catch(() => undefined);
      if (e instanceof UnreachableError) throw e;
      throw new ModuleFailure(
        `could not rename the temporary file over the destination for ${dest} on ${ctx.host}: ${(e as Error).message}`,
      );
    }
  });
  const stat = (await after)?.[0] ?? (await statPaths(ctx, [dest]))[0]!;
  return { stat, staged: tmp };
}
