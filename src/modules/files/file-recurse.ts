import { ModuleFailure } from '../lib/args.js';
import { resolveMode, runSteps } from '../lib/file-attrs.js';
import type { ModuleContext } from '../types.js';

/**
 * file with recurse: owner, group and mode for everything below a directory. One `find` lists
 * the tree's attributes; only when something differs do `chown -R`/`chmod -R` run (symbolic
 * modes go to chmod as given, so `X` means the same per entry as in the comparison here).
 */
export async function recurseAttrs(
  ctx: ModuleContext,
  path: string,
  want: { owner?: string; group?: string; mode?: string | number },
): Promise<{ changed: boolean; sent: boolean }> {
  if (want.owner === undefined && want.group === undefined && want.mode === undefined)
    return { changed: false, sent: false };
  const r = await ctx.probe(['find', path, '-mindepth', '1', '-printf', '%m %y %U %G %u %g\\n']);
  const byId = (w: string | undefined, id: string, name: string) =>
    w === undefined || (/^\d+$/.test(w) ? w === id : w === name);
  let ownerDiff = false;
  let modeDiff = false;
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    const [m, y, uid, gid, user, group] = line.split(' ');
    if (!byId(want.owner, uid!, user!) || !byId(want.group, gid!, group!)) ownerDiff = true;
    if (want.mode !== undefined && y !== 'l') {
      const cur = parseInt(m!, 8);
      if (resolveMode(want.mode, cur, y === 'd') !== cur) modeDiff = true;
    }
  }
  const steps: string[][] = [];
  if (ownerDiff && want.owner !== undefined)
    steps.push(['chown', '-R', '-h', '--', want.group ? `${want.owner}:${want.group}` : want.owner, path]);
  else if (ownerDiff) steps.push(['chgrp', '-R', '-h', '--', want.group!, path]);
  if (modeDiff) {
    const m = typeof want.mode === 'number' ? want.mode.toString(8) : String(want.mode);
    if (!/^[0-7]+$/.test(m) && !/^[ugoa]*[-+=]/.test(m)) throw new ModuleFailure(`bad mode: ${m}`);
    steps.push(['chmod', '-R', '--', m, path]);
  }
  return { changed: ownerDiff || modeDiff, sent: await runSteps(ctx, steps) };
}
