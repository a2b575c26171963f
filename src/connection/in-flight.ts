/**
 * Remote writes that must not be cut halfway by Ctrl-C: a file written over SFTP sits under its
 * temporary name until the rename. An interrupted run waits (briefly) for these to settle, so it
 * leaves each destination old or new and no temporary file behind.
 */
const pending = new Set<Promise<unknown>>();

/** Runs `work` as one of the writes an interrupt waits for. */
export function inFlight<T>(work: () => Promise<T>): Promise<T> {
  const p = work();
  const settled = p.catch(() => undefined);
  pending.add(settled);
  void settled.then(() => pending.delete(settled));
  return p;
}

/** Resolves once every write in flight has settled, or after `ms`. */
export async function settleInFlight(ms: number): Promise<void> {
  if (pending.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(pending),
    new Promise((r) => {
      timer = setTimeout(r, ms);
    }),
  ]);
  clearTimeout(timer);
}
