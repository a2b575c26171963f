import { atomicWrite } from '../lib/atomic-write.js';
import { contentDiff } from '../lib/diff.js';
import { statAndRead } from '../lib/remote-stat.js';
import type { FileDiff, ModuleContext } from '../types.js';

/**
 * The system modules that own a line in a config file (sysctl.conf, fstab, /etc/hostname) read it
 * in one round trip, compute the new text, and write it atomically (a change: not sent in check mode).
 */
export async function readText(ctx: ModuleContext, path: string): Promise<string | undefined> {
  const { st, content } = await statAndRead(ctx, path);
  return st.exists && content !== undefined ? content.toString('utf8') : undefined;
}

/** Writes `after` when it differs from `before`; returns whether it did (or would) and the diff. */
export async function updateText(
  ctx: ModuleContext,
  path: string,
  before: string | undefined,
  after: string,
): Promise<{ changed: boolean; diff?: FileDiff }> {
  if ((before ?? '') === after && before !== undefined) return { changed: false };
  await atomicWrite(ctx, path, { data: Buffer.from(after) }, before === undefined ? { mode: 0o644 } : {});
  return { changed: true, diff: ctx.diff ? contentDiff(path, before ?? '', after) : undefined };
}
