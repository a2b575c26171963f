import { posix } from 'node:path';
import { attrChanges, attrCommands, hasChanges, runSteps } from '../lib/file-attrs.js';
import { statPaths } from '../lib/remote-stat.js';
import type { ModuleContext } from '../types.js';
import type { ArchiveOptions } from './unarchive-handler.js';

/**
 * owner, group and mode on every member under dest, and on the top directory of each member
 * (Ansible issue 35426), as Ansible's set_fs_attributes_if_different applies them after an
 * unpack: links keep their own mode and are chowned themselves (as the file modules do here).
 * One stat for all paths, one command for all changes; in check mode the change is kept back
 * and only compared. Says whether anything differed.
 */
export async function applyTreeAttrs(
  ctx: ModuleContext,
  o: ArchiveOptions,
  files: string[],
): Promise<boolean> {
  if (o.owner === undefined && o.group === undefined && o.mode === undefined) return false;
  const paths = treePaths(o.dest, files);
  const want = { owner: o.owner, group: o.group, mode: o.mode };
  const steps: string[][] = [];
  let changed = false;
  for (const st of await statPaths(ctx, paths, { full: true })) {
    if (!st.exists) continue;
    const ch = attrChanges(st, want);
    if (!hasChanges(ch)) continue;
    changed = true;
    steps.push(...attrCommands(st.path, ch, { noFollow: true }));
  }
  await runSteps(ctx, steps);
  return changed;
}

/** Each member's path, then each top directory, once each (pure). */
export function treePaths(dest: string, files: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (p: string) => {
    const key = posix.normalize(p).replace(/\/+$/, '') || '/';
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  for (const f of files) add(posix.join(dest, f));
  for (const f of files) if (f.includes('/')) add(`${dest}/${f.split('/')[0]}`);
  return out;
}
