import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import { attrChanges, attrCommands, hasChanges, runSteps } from '../lib/file-attrs.js';
import { statPath, type RemoteStat } from '../lib/remote-stat.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import { FULL, finish, type FileArgs } from './file-result.js';

// The file module's link and hard states.

/** A link's src as a path: relative ones are relative to the link's directory. */
export function linkSource(path: string, src: string): string {
  return src.startsWith('/') ? src : posix.join(posix.dirname(path), src);
}

export async function ensureLink(
  ctx: ModuleContext,
  a: FileArgs,
  st: RemoteStat,
  prev: string,
  hard: boolean,
  known?: RemoteStat,
) {
  // without src an existing symlink keeps its target: only its owner and group are looked at
  const keepTarget = a.src === undefined && !hard && prev === 'link' && st.linkTarget !== undefined;
  if (keepTarget) a = { ...a, src: st.linkTarget };
  if (a.src === undefined)
    throw new ModuleFailure(`src is required for creating new ${hard ? 'hardlinks' : 'symlinks'}`);
  const srcAbs = linkSource(a.path, a.src);
  const srcSt = known ?? (await statPath(ctx, srcAbs, FULL));
  if (hard && !srcSt.exists) throw new ModuleFailure('src does not exist', { dest: a.path, src: a.src });
  if (!srcSt.exists && !keepTarget && !a.force)
    throw new ModuleFailure(
      `src file does not exist, use "force=yes" if you really want to create the link: ${srcAbs}`,
      {
        path: a.path,
        src: a.src,
      },
    );
  const want = hard ? 'hard' : 'link';
  let same = false;
  if (!hard && prev === 'link') same = st.linkTarget === a.src;
  if (hard && st.exists) same = st.inode === srcSt.inode && st.dev === srcSt.dev;
  if (!same && prev !== 'absent') {
    if (prev === 'directory') {
      if (!a.force) throw new ModuleFailure(`refusing to convert from directory to ${want} for ${a.path}`);
      const r = await ctx.probe(['find', a.path, '-mindepth', '1', '-maxdepth', '1']);
      if (r.stdout.trim())
        throw new ModuleFailure(`the directory ${a.path} is not empty, refusing to convert it`);
    } else if ((prev === 'file' || (prev === 'hard' && !hard)) && !a.force)
      throw new ModuleFailure(`refusing to convert from ${prev} to ${want} for ${a.path}`);
  }
  // made under a temporary name, then renamed over: atomic like file writes
  const tmp = posix.join(posix.dirname(a.path), `.${posix.basename(a.path)}.fabplay-link`);
  const steps = [['rm', '-f', '--', tmp], hard ? ['ln', '--', srcAbs, tmp] : ['ln', '-s', '--', a.src, tmp]];
  if (prev === 'directory') steps.push(['rmdir', '--', a.path]);
  steps.push(['mv', '-f', '-T', '--', tmp, a.path]);
  const made = !same && (await runSteps(ctx, steps));
  const linkSt = made ? await statPath(ctx, a.path, FULL) : st;
  // follow (the default): owner, group and mode go to what the symlink points to, as Ansible's
  // file_args follow it; otherwise to the link itself, whose mode Linux cannot change
  const toTarget = !hard && a.follow && srcSt.exists;
  const attrPath = toTarget ? srcAbs : a.path;
  const attrSt = toTarget ? await statPath(ctx, srcAbs) : linkSt;
  const wanted = { owner: a.owner, group: a.group, ...(toTarget || hard ? { mode: a.mode } : {}) };
  // with follow, a symlink to nothing gets no owner, group or mode: Ansible warns and skips them
  const dangling = !hard && !srcSt.exists && a.follow;
  if (dangling && (same || made))
    ctx.warn(
      'Cannot set fs attributes on a non-existent symlink target. follow should be set to False to avoid this.',
    );
  // a link check mode did not make has no owner to compare
  const ch =
    !dangling && (same || made || toTarget) ? attrChanges(attrSt, wanted) : { before: {}, after: {} };
  const attrsSent = await runSteps(ctx, attrCommands(attrPath, ch, { noFollow: !hard && !toTarget }));
  const changed = !same || hasChanges(ch);
  // a link pointed elsewhere shows its old and new target (Ansible's diff)
  const retarget = !hard && prev === 'link' && !same;
  const before = { state: prev, ...(retarget ? { src: st.linkTarget } : {}), ...ch.before };
  const after = { state: want, ...(retarget ? { src: a.src } : {}), ...ch.after };
  const res = await finish(ctx, a.path, changed, before, after, linkSt, made || attrsSent, { src: a.src });
  return !hard && !srcSt.exists ? withoutPathFacts(res) : res;
}

/**
 * A symlink to nothing: Ansible's add_path_info adds no owner, mode, size or state (it asks
 * os.path.exists, which follows the link).
 */
function withoutPathFacts(res: ModuleResult): ModuleResult {
  const facts = new Set(['uid', 'gid', 'owner', 'group', 'mode', 'size', 'state']);
  return Object.fromEntries(Object.entries(res).filter(([k]) => !facts.has(k))) as ModuleResult;
}
