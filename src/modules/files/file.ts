import { posix } from 'node:path';
import { defineModule, ModuleFailure, type ArgTable } from '../lib/args.js';
import { fileAttrArgs, unsafeWritesNoEffect } from '../lib/file-args.js';
import {
  applyAttrs,
  attrChanges,
  attrCommands,
  checkModeArg,
  hasChanges,
  resolveMode,
  runSteps,
} from '../lib/file-attrs.js';
import { statPath, statPaths, type RemoteStat } from '../lib/remote-stat.js';
import { FULL, fileDiff, finish, prevState, type FileArgs, type State } from './file-result.js';
import { ensureLink, linkSource } from './file-link.js';
import { warnMissingAccounts } from './file-accounts.js';
import { recurseAttrs } from './file-recurse.js';
import { newFileTimeSteps, timeChanges } from './file-times.js';
import { mkdirsOverSftp } from '../lib/sftp-write.js';
import { cmd } from '../../util/shell.js';
import { applyFlags, applyTreeFlags } from '../lib/file-flags.js';
import type { FileDiff, ModuleContext, ModuleResult } from '../types.js';

const args = {
  path: { type: 'string', remotePath: true, aliases: ['dest', 'name'] },
  state: { type: 'string', enum: ['absent', 'directory', 'file', 'hard', 'link', 'touch'] },
  src: { type: 'string' },
  recurse: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  follow: { type: 'boolean', default: true },
  ...fileAttrArgs,
  unsafe_writes: unsafeWritesNoEffect,
  modification_time: { type: 'string' },
  // strptime formats: touchDate reads %Y %y %m %d %H %M %S and refuses the rest
  modification_time_format: { type: 'string', default: '%Y%m%d%H%M.%S' },
  access_time: { type: 'string' },
  access_time_format: { type: 'string', default: '%Y%m%d%H%M.%S' },
  // Ansible's action plugins ask the file module whether a file looks binary; a task may too
  _diff_peek: { type: 'boolean' },
} as const satisfies ArgTable;

/** Every ancestor of an absolute or relative path, outermost first (for mkdir with attributes). */
function ancestors(path: string): string[] {
  const out: string[] = [];
  let p = posix.dirname(path);
  while (p !== '/' && p !== '.' && p !== '') {
    out.unshift(p);
    p = posix.dirname(p);
  }
  return out;
}

async function ensureAbsent(ctx: ModuleContext, a: FileArgs, prev: string): Promise<ModuleResult> {
  if (prev === 'absent')
    return { changed: false, path: a.path, state: 'absent', diff: fileDiff(a.path, {}, {}) };
  // a directory's diff lists what it held (Ansible's path_content), read before it goes
  const before: Record<string, unknown> = { state: prev };
  if (prev === 'directory') before.path_content = await directoryContent(ctx, a.path);
  await ctx.change(['rm', '-rf', '--', a.path]);
  return {
    changed: true,
    path: a.path,
    state: 'absent',
    diff: fileDiff(a.path, before, { state: 'absent' }),
  };
}

/**
 * Every directory and file below `path`, as os.walk lists them (a link to a directory is a
 * directory, one that cannot be followed a file: find says so on stderr and fails, but lists it).
 */
async function directoryContent(ctx: ModuleContext, path: string) {
  const test = '-mindepth 1 ( -type d -o -xtype d ) -printf'.split(' ');
  const argv = ['find', path, ...test, 'd %p\\0', '-o', '-printf', 'f %p\\0'];
  const r = await ctx.probe(argv, { allowFail: true });
  const entries = r.stdout.split('\0').filter(Boolean);
  return {
    directories: entries.filter((e) => e.startsWith('d ')).map((e) => e.slice(2)),
    files: entries.filter((e) => e.startsWith('f ')).map((e) => e.slice(2)),
  };
}

async function ensureDirectory(ctx: ModuleContext, a: FileArgs, st: RemoteStat, prev: string) {
  if (prev === 'absent') {
    const sts = await statPaths(ctx, ancestors(a.path));
    const bad = sts.find((s) => s.exists && s.type !== 'directory');
    if (bad)
      throw new ModuleFailure(
        `There was an issue creating ${a.path} as requested: ${bad.path} is not a directory`,
      );
    const missing = [...sts.filter((s) => !s.exists).map((s) => s.path), a.path];
    const mode = a.mode === undefined ? undefined : resolveMode(a.mode, 0o755, true);
    const ch = { owner: a.owner, group: a.group, mode, before: {}, after: {} };
    const parent = sts.filter((s) => s.exists).pop();
    const sent = await ctx.changes(`mkdir ${missing.join(' ')}`, async () => {
      if (await mkdirsOverSftp(ctx, missing, parent, ch)) return true;
      // -p: another creator of the same directories meanwhile is no failure
      const steps = [['mkdir', '-p', '--', ...missing]];
      for (const p of missing) steps.push(...attrCommands(p, ch));
      return runSteps(ctx, steps);
    });
    return finish(ctx, a.path, true, { state: 'absent' }, { state: 'directory' }, st, sent === true);
  }
  if (prev !== 'directory') throw new ModuleFailure(`${a.path} already exists as a ${prev}`);
  if (a.recurse) {
    const r = await recurseAttrs(ctx, a.path, a);
    const top = await applyAttrs(ctx, st, a);
    const changed = r.changed || top.changed;
    return finish(
      ctx,
      a.path,
      changed,
      { state: 'directory', ...top.before },
      { state: 'directory', ...top.after },
      st,
      r.sent || top.sent,
    );
  }
  const ch = await applyAttrs(ctx, st, a);
  const times = await timeChanges(ctx, a, st, 'preserve');
  const timesSent = await runSteps(ctx, times.steps);
  return finish(
    ctx,
    a.path,
    ch.changed || times.steps.length > 0,
    { state: 'directory', ...ch.before, ...times.before },
    { state: 'directory', ...ch.after, ...times.after },
    st,
    ch.sent || timesSent,
  );
}

async function ensureFile(ctx: ModuleContext, a: FileArgs, st: RemoteStat, prev: string) {
  if (prev === 'absent')
    throw new ModuleFailure(`file (${a.path}) is absent, cannot continue`, { path: a.path, state: 'absent' });
  if (prev !== 'file' && prev !== 'hard')
    throw new ModuleFailure(`file (${a.path}) is ${prev}, cannot continue`, { path: a.path, state: prev });
  const ch = await applyAttrs(ctx, st, a);
  const times = await timeChanges(ctx, a, st, 'preserve');
  const timesSent = await runSteps(ctx, times.steps);
  return finish(
    ctx,
    a.path,
    ch.changed || times.steps.length > 0,
    { state: prev, ...ch.before, ...times.before },
    { state: prev, ...ch.after, ...times.after },
    st,
    ch.sent || timesSent,
  );
}

async function ensureTouch(ctx: ModuleContext, a: FileArgs, st: RemoteStat, prev: string) {
  if (prev === 'absent') {
    const mode = a.mode === undefined ? undefined : resolveMode(a.mode, 0o644, false);
    const rest = [
      ...newFileTimeSteps(a),
      ...attrCommands(a.path, { owner: a.owner, group: a.group, mode, before: {}, after: {} }),
    ];
    // a file just made whose times or attributes cannot be set is removed again (as Ansible does)
    const undo = rest.length
      ? ` && { ${rest.map(cmd).join(' && ')} || { ${cmd(['rm', '-f', '--', a.path])}; false; }; }`
      : '';
    const sent = (await ctx.change({ shell: cmd(['touch', '--', a.path]) + undo })) !== undefined;
    return finish(ctx, a.path, true, { state: 'absent' }, { state: 'touch' }, st, sent);
  }
  // touching an existing path changes its times (Ansible reports changed), unless both are preserved
  const times = await timeChanges(ctx, a, st, 'now');
  const ch = attrChanges(st, a);
  const changed = times.steps.length > 0 || hasChanges(ch);
  const sent = changed && (await runSteps(ctx, [...times.steps, ...attrCommands(a.path, ch)]));
  return finish(
    ctx,
    a.path,
    changed,
    { state: prev, ...ch.before, ...times.before },
    { state: 'touch', ...ch.after, ...times.after },
    st,
    sent,
  );
}

export const file = defineModule({
  name: 'file',
  args,
  required: ['path'],
  supportsCheck: true,
  supportsDiff: true,
  // links and recursion look at more than the path; the rest start with its stat
  probes: (a) =>
    a.state === 'link' || a.state === 'hard' || a.recurse || a._diff_peek !== undefined
      ? undefined
      : { stat: [a.path], read: [] },
  async run(ctx, a) {
    if (a._diff_peek !== undefined) return diffPeek(ctx, a.path);
    checkModeArg(a.mode);
    if (ctx.wording(true, false) && a.state !== 'absent') await warnMissingAccounts(ctx, a.owner, a.group);
    // a link's path and src are looked at in the same round trip
    const wantsSrc = (a.state === 'link' || a.state === 'hard') && a.src !== undefined;
    const paths = wantsSrc ? [a.path, linkSource(a.path, a.src!)] : [a.path];
    // links compare inode and device; other states need the link count of a regular file only
    // (a hard link or a file), so a directory's check goes over SFTP when it can
    const linking = a.state === 'link' || a.state === 'hard';
    let sts = await statPaths(ctx, paths, linking ? FULL : {});
    if (sts[0]!.type === 'file' && sts[0]!.nlink === undefined) sts = await statPaths(ctx, paths, FULL);
    let st = sts[0]!;
    const prev = prevState(st);
    const state: State =
      a.state ??
      (a.recurse ? 'directory' : prev === 'absent' ? 'file' : prev === 'directory' ? 'directory' : 'file');
    // Ansible judges src against the state it defaults to: what the path is now, if anything
    const judged = a.state ?? (prev !== 'absent' ? prev : state);
    if (a.src && judged !== 'link' && judged !== 'hard')
      throw new ModuleFailure("src option requires state to be 'link' or 'hard'", { path: a.path });
    if (a.recurse && state !== 'directory')
      throw new ModuleFailure('recurse option requires state to be directory');
    // file/directory/touch act on what a symlink points to when follow is on
    if (st.type === 'link' && a.follow && ['file', 'directory', 'touch'].includes(state) && st.realPath) {
      st = await statPath(ctx, st.realPath, FULL);
      if (!st.exists) throw new ModuleFailure(`${a.path} is a dangling symlink`);
      a = { ...a, path: st.path };
    }
    const p = prevState(st);
    switch (state) {
      case 'absent':
        return ensureAbsent(ctx, a, prev);
      case 'directory':
        return withFlags(ctx, a, st, await ensureDirectory(ctx, a, st, p));
      case 'file':
        return withFlags(ctx, a, st, await ensureFile(ctx, a, st, p));
      case 'touch':
        return withFlags(ctx, a, st, await ensureTouch(ctx, a, st, p));
      case 'link':
        return withFlags(ctx, a, st, await ensureLink(ctx, a, st, prev, false, sts[1]));
      case 'hard':
        return withFlags(ctx, a, st, await ensureLink(ctx, a, st, prev, true, sts[1]));
    }
  },
});

/** `attributes` after the state is reached, as Ansible sets them last; the diff shows them. */
async function withFlags(
  ctx: ModuleContext,
  a: FileArgs,
  st: RemoteStat,
  res: ModuleResult,
): Promise<ModuleResult> {
  if (a.attributes === undefined || res.failed) return res;
  // check mode, a path not made: a change, with nothing to read
  const f = await applyFlags(ctx, a.path, a.attributes, st.exists || !ctx.wording(true, false));
  // with recurse, what is below too (only the path's own flags are in the diff, as in Ansible)
  const below = a.recurse && st.exists ? await applyTreeFlags(ctx, a.path, a.attributes) : false;
  if (!f.changed) return below ? { ...res, changed: true } : res;
  const d = res.diff as FileDiff | undefined;
  // attributes come last, as Ansible records them after owner, group and mode
  if (d && f.after !== undefined)
    res.diff = {
      before: { ...(d.before as object), attributes: f.before },
      after: { ...(d.after as object), attributes: f.after },
    };
  return { ...res, changed: true };
}

/** Ansible's execute_diff_peek: binary when the first 8 KiB hold a NUL byte; unreadable is text. */
async function diffPeek(ctx: ModuleContext, path: string): Promise<ModuleResult> {
  const r = await ctx.probeBytes(['head', '-c', '8192', '--', path], { allowFail: true });
  return { path, changed: false, appears_binary: r.rc === 0 && r.stdout.includes(0) };
}
