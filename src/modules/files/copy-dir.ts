import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import { attrChanges, attrCommands, resolveMode, runSteps } from '../lib/file-attrs.js';
import { statPaths, type RemoteStat } from '../lib/remote-stat.js';
import { convergeFile } from './converge-file.js';
import { localTree, type Tree } from './copy-tree.js';
import { file } from './file.js';
import type { FileDiff, ModuleContext, ModuleResult } from '../types.js';

/**
 * copy with a directory as src (from the controller, or on the host with remote_src): `src: dir`
 * lands as dest/dir, `src: dir/` copies the contents into dest. One stat round trip covers the
 * whole tree; only files whose checksum differs are written.
 */

/**
 * The host's tree under `root` (remote_src). Ansible's copy module copies it with shutil.copytree:
 * symlinks stay links unless local_follow is true, then what they point to is copied (a link
 * that cannot be followed is left out).
 */
async function remoteTree(ctx: ModuleContext, root: string, follow: boolean): Promise<Tree> {
  const types = follow
    ? ['-type', 'd', '-o', '-type', 'f']
    : ['-type', 'd', '-o', '-type', 'f', '-o', '-type', 'l'];
  const r = await ctx.probe(
    [
      'find',
      ...(follow ? ['-L'] : []),
      root,
      '-mindepth',
      '1',
      '(',
      ...types,
      ')',
      '-printf',
      '%y %P\\0%l\\0',
    ],
    // with -L a link that loops is reported on stderr (find fails) and left out
    { allowFail: follow },
  );
  const tree: Tree = { dirs: [], files: [], links: [] };
  const files: string[] = [];
  const fields = r.stdout.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [kind, rel] = [fields[i]!.slice(0, 1), fields[i]!.slice(2)];
    if (kind === 'd') tree.dirs.push(rel);
    else if (kind === 'f') files.push(rel);
    else if (kind === 'l') tree.links.push({ rel, target: fields[i + 1]! });
  }
  const sts = await statPaths(
    ctx,
    files.map((f) => posix.join(root, f)),
    { checksum: 'sha1', follow: true },
  );
  files.forEach((rel, i) => {
    const st = sts[i]!;
    tree.files.push({
      rel,
      checksum: st.checksum ?? '',
      mode: st.mode ?? 0o644,
      size: st.size ?? 0,
      source: { remotePath: posix.join(root, rel) },
    });
  });
  return tree;
}

export async function copyDirectory(
  ctx: ModuleContext,
  a: Record<string, any> & {
    src: string;
    dest: string;
    remote: boolean;
    srcGiven?: string;
    srcStat?: RemoteStat;
  },
): Promise<ModuleResult> {
  const given: string = a.srcGiven ?? a.src;
  const root = given.endsWith('/') ? a.dest : posix.join(a.dest, posix.basename(a.src.replace(/\/+$/, '')));
  const tree = a.remote
    ? await remoteTree(ctx, a.src, a.local_follow === true)
    : await localTree(a.src, a.local_follow !== false, a.decrypt !== false);
  const dirPaths = [root, ...tree.dirs.map((d) => posix.join(root, d))];
  const filePaths = tree.files.map((f) => posix.join(root, f.rel));
  const sts = await statPaths(ctx, [...dirPaths, ...filePaths], { checksum: 'sha1' });
  const dirSts = sts.slice(0, dirPaths.length);
  const fileSts = sts.slice(dirPaths.length);

  let changed = false;
  for (const st of [...dirSts, ...fileSts])
    if (st.exists && st.type !== (dirSts.includes(st) ? 'directory' : 'file'))
      throw new ModuleFailure(`${st.path} exists and is not a ${dirSts.includes(st) ? 'directory' : 'file'}`);
  const missingDirs = dirSts.filter((s) => !s.exists).map((s) => s.path);
  if (missingDirs.length) {
    changed = true;
    const steps = [['mkdir', '-p', '--', ...missingDirs]];
    if (a.owner || a.group)
      steps.push([
        'chown',
        '--',
        a.owner ? `${a.owner}${a.group ? ':' + a.group : ''}` : `:${a.group}`,
        ...missingDirs,
      ]);
    if (a.directory_mode !== undefined)
      steps.push(['chmod', '--', resolveMode(a.directory_mode, 0o755, true).toString(8), ...missingDirs]);
    await runSteps(ctx, steps);
  }
  // each directory below the top one gets owner, group and directory_mode even when it exists
  // (Ansible runs the file module on each)
  const wanted = { owner: a.owner, group: a.group, mode: a.directory_mode };
  const existing = dirSts.slice(1).filter((st) => st.exists);
  const attrSteps = existing.flatMap((st) => attrCommands(st.path, attrChanges(st, wanted)));
  if (attrSteps.length) {
    changed = true;
    await runSteps(ctx, attrSteps);
  }
  const diffs: FileDiff[] = [];
  for (const [i, f] of tree.files.entries()) {
    const r = await convergeFile(ctx, {
      ...a,
      dest: filePaths[i]!,
      st: fileSts[i]!,
      mode: a.mode === 'preserve' ? f.mode : a.mode,
      source: f.source,
      checksum: f.checksum,
      size: f.size,
      validate: undefined,
    });
    if (r.changed) changed = true;
    if (r.diff && !Array.isArray(r.diff) && 'before' in r.diff) diffs.push(r.diff);
  }
  // symlinks are made as the file module makes them (Ansible's copy action calls it per link)
  for (const l of tree.links) {
    const r = await file.run(ctx, {
      path: posix.join(root, l.rel),
      src: l.target,
      state: 'link',
      force: true,
      follow: false,
      ...(a.owner !== undefined ? { owner: a.owner } : {}),
      ...(a.group !== undefined ? { group: a.group } : {}),
    });
    if (r.failed) return r;
    if (r.changed) changed = true;
  }
  return { changed, dest: root, src: a.src, state: 'directory', ...(diffs.length ? { diff: diffs } : {}) };
}
