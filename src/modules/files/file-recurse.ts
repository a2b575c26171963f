import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import { resolveMode, runSteps } from '../lib/file-attrs.js';
import type { ModuleContext } from '../types.js';

/**
 * file with recurse: owner, group and mode for everything below a directory. One `find` lists
 * the tree's attributes; only when something differs do `chown -R`/`chmod -R` run (symbolic
 * modes go to chmod as given, so `X` means the same per entry as in the comparison here).
 * With follow (the file module's default), what a symlink in the tree points to gets them too,
 * and a linked directory's contents (Ansible's recursive_set_attributes): those are listed by a
 * second `find -L` and changed by name where they differ.
 */

interface Wanted {
  owner?: string;
  group?: string;
  mode?: string | number;
  follow?: boolean;
}

interface Entry {
  mode: number;
  type: string;
  uid: string;
  gid: string;
  user: string;
  group: string;
  rel: string;
}

const FORMAT = '%m %y %U %G %u %g %P\\0';

function parse(out: string): Entry[] {
  return out
    .split('\0')
    .filter(Boolean)
    .map((rec) => {
      const f = rec.split(' ');
      const [m, type, uid, gid, user, group] = f;
      return {
        mode: parseInt(m!, 8),
        type: type!,
        uid: uid!,
        gid: gid!,
        user: user!,
        group: group!,
        rel: f.slice(6).join(' '),
      };
    });
}

export async function recurseAttrs(
  ctx: ModuleContext,
  path: string,
  want: Wanted,
): Promise<{ changed: boolean; sent: boolean }> {
  if (want.owner === undefined && want.group === undefined && want.mode === undefined)
    return { changed: false, sent: false };
  const plain = parse((await ctx.probe(['find', path, '-mindepth', '1', '-printf', FORMAT])).stdout);
  const byId = (w: string | undefined, id: string, name: string) =>
    w === undefined || (/^\d+$/.test(w) ? w === id : w === name);
  const ownerDiffers = (e: Entry) => !byId(want.owner, e.uid, e.user) || !byId(want.group, e.gid, e.group);
  const modeDiffers = (e: Entry) =>
    want.mode !== undefined && e.type !== 'l' && resolveMode(want.mode, e.mode, e.type === 'd') !== e.mode;
  const ownerDiff = plain.some(ownerDiffers);
  const modeDiff = plain.some(modeDiffers);
  const steps: string[][] = [];
  const owner =
    want.owner === undefined ? undefined : want.group ? `${want.owner}:${want.group}` : want.owner;
  if (ownerDiff && owner !== undefined) steps.push(['chown', '-R', '-h', '--', owner, path]);
  else if (ownerDiff) steps.push(['chgrp', '-R', '-h', '--', want.group!, path]);
  const m = typeof want.mode === 'number' ? want.mode.toString(8) : String(want.mode);
  if (want.mode !== undefined && !/^[0-7]+$/.test(m) && !/^[ugoa]*[-+=]/.test(m))
    throw new ModuleFailure(`bad mode: ${m}`);
  if (modeDiff) steps.push(['chmod', '-R', '--', m, path]);
  const linked = want.follow && plain.some((e) => e.type === 'l') ? await throughLinks(ctx, path, plain) : [];
  const ownerTargets = linked.filter(ownerDiffers).map((e) => posix.join(path, e.rel));
  const modeTargets = linked.filter(modeDiffers).map((e) => posix.join(path, e.rel));
  if (ownerTargets.length && owner !== undefined) steps.push(['chown', '--', owner, ...ownerTargets]);
  else if (ownerTargets.length) steps.push(['chgrp', '--', want.group!, ...ownerTargets]);
  if (modeTargets.length) steps.push(['chmod', '--', m, ...modeTargets]);
  const changed = ownerDiff || modeDiff || ownerTargets.length > 0 || modeTargets.length > 0;
  return { changed, sent: await runSteps(ctx, steps) };
}

/**
 * What the tree's symlinks lead to: each link that can be followed (as what it points to) and
 * everything below a linked directory. `find -L` reports a link that loops and leaves it out.
 */
async function throughLinks(ctx: ModuleContext, path: string, plain: Entry[]): Promise<Entry[]> {
  const direct = new Map(plain.map((e) => [e.rel, e.type]));
  const r = await ctx.probe(['find', '-L', path, '-mindepth', '1', '-printf', FORMAT], { allowFail: true });
  return parse(r.stdout).filter((e) => e.type !== 'l' && direct.get(e.rel) !== e.type);
}
