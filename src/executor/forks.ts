import { eachLimited } from '../util/each-limited.js';
import type { PlayState } from './state.js';

/** Runs fn for each host, at most `forks` at a time; resolves when all are done. */
export async function forEachHost(
  ps: PlayState,
  hosts: string[],
  fn: (host: string) => Promise<void>,
): Promise<void> {
  const limit = Math.max(1, ps.run.req.forks || 5);
  if (hosts.length <= 1) {
    for (const h of hosts) await fn(h);
    return;
  }
  await eachLimited(hosts, limit, fn);
}
