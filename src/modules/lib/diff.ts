import type { FileDiff } from '../types.js';

/** Ansible's limit for content diffs (DEFAULT_MAX_DIFF_SIZE, 104448 bytes). */
export const MAX_DIFF_SIZE = 104448;

function isBinary(b: Buffer): boolean {
  return b.subarray(0, 8192).includes(0);
}

/**
 * A content diff between the old and new bytes of a file (the output layer renders it as a
 * unified diff). Binary or oversized content gives a note instead of the bytes.
 */
export function contentDiff(
  path: string,
  before: Buffer | string | undefined,
  after: Buffer | string | undefined,
  opts: { beforeHeader?: string; afterHeader?: string } = {},
): FileDiff {
  const b = typeof before === 'string' ? Buffer.from(before) : before;
  const a = typeof after === 'string' ? Buffer.from(after) : after;
  const beforeHeader = opts.beforeHeader ?? path;
  const afterHeader = opts.afterHeader ?? path;
  for (const [buf, which] of [
    [b, 'before'],
    [a, 'after'],
  ] as const) {
    if (buf && isBinary(buf))
      return {
        before: '',
        after: '',
        before_header: beforeHeader,
        after_header: `${afterHeader} (${which}: binary file, diff skipped)`,
      };
    if (buf && buf.length > MAX_DIFF_SIZE)
      return {
        before: '',
        after: '',
        before_header: beforeHeader,
        after_header: `${afterHeader} (${which}: larger than ${MAX_DIFF_SIZE} bytes, diff skipped)`,
      };
  }
  return {
    before: b ? b.toString('utf8') : '',
    after: a ? a.toString('utf8') : '',
    before_header: beforeHeader,
    after_header: afterHeader,
  };
}

/** The keys in Ansible's order (its callback sorts them when it renders the diff). */
function sortedKeys(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/**
 * A diff of state (path, state, mode, owner...) as the file module reports it: two dicts, which
 * a registered result reads (`r.diff.before.src`) and the output renders as sorted JSON.
 */
export function stateDiff(before: Record<string, unknown>, after: Record<string, unknown>): FileDiff {
  return { before: sortedKeys(before), after: sortedKeys(after) };
}
