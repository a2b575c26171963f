import { stateDiff } from '../lib/diff.js';
import { ansibleFileFacts, statPath, type RemoteStat } from '../lib/remote-stat.js';
import type { ModuleContext, ModuleResult } from '../types.js';

// What the file module's states share: its arguments' type, what a path is now, and the result
// and diff each state returns.

export type State = 'absent' | 'directory' | 'file' | 'hard' | 'link' | 'touch';
export type FileArgs = {
  path: string;
  state?: State;
  src?: string;
  recurse: boolean;
  force: boolean;
  follow: boolean;
} & {
  owner?: string;
  group?: string;
  mode?: string | number;
  modification_time?: string;
  modification_time_format: string;
  access_time?: string;
  access_time_format: string;
  attributes?: string;
};

/** The link count tells a hard link from a file, inode and device two hard links apart. */
export const FULL = { full: true };

/** Ansible's get_state: what a path is now. */
export function prevState(st: RemoteStat): string {
  if (!st.exists) return 'absent';
  if (st.type === 'link') return 'link';
  if (st.type === 'directory') return 'directory';
  if ((st.nlink ?? 1) > 1) return 'hard';
  return 'file';
}

export async function finish(
  ctx: ModuleContext,
  path: string,
  changed: boolean,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  st: RemoteStat,
  /** whether a change was sent (false in check mode): then the path is stat'ed again */
  sent: boolean,
  extra: Record<string, unknown> = {},
): Promise<ModuleResult> {
  const now = sent ? await statPath(ctx, path) : st;
  // Ansible names the path `dest` in what touch and the link states return, `path` elsewhere
  const key = ['touch', 'link', 'hard'].includes(String(after.state)) ? 'dest' : 'path';
  const res: ModuleResult = { changed, [key]: path, ...ansibleFileFacts(now), ...extra };
  if (changed && !sent) {
    // what check mode would have left: a touched path keeps its kind, a new one is a file
    const touched = before.state === 'absent' ? 'file' : before.state;
    res.state = after.state === 'touch' ? touched : (after.state ?? res.state);
  }
  res.diff = fileDiff(path, before, after);
  return res;
}

/**
 * Ansible's file diff, in every result (not only with --diff; a registered result reads it): the
 * path, the state when it changes, and each attribute, link target or time that changes.
 */
export function fileDiff(path: string, before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = { path };
  const a: Record<string, unknown> = { path };
  if (before.state !== after.state) {
    b.state = before.state;
    a.state = after.state;
  }
  for (const [k, v] of Object.entries(before)) if (k !== 'state') b[k] = v;
  for (const [k, v] of Object.entries(after)) if (k !== 'state') a[k] = v;
  return stateDiff(b, a);
}
