import { posix } from 'node:path';
import type { GitRunner } from './git-runner.js';
import { repoPath } from './git-refs.js';
import { fetch, type Wanted } from './git-update.js';

/**
 * Ansible's diff of a git task: `>> Newly checked out SHA` for a clone, else `git diff BEFORE
 * AFTER` (or a line saying why there is none). Ansible fetches the new commit into the repository
 * first, in check mode too; fabplay's check mode writes nothing there, so it fetches the commit's
 * objects into a scratch object directory in /tmp that borrows the repository's objects (no ref,
 * no FETCH_HEAD, no maintenance), diffs with both, and removes it.
 */
export async function gitDiff(
  g: GitRunner,
  w: Wanted,
  before: string | null,
  after: string,
  check: boolean,
): Promise<{ prepared: string } | undefined> {
  if (before === null) return { prepared: `>> Newly checked out ${after}` };
  if (before === after) return undefined;
  if (!check) {
    await fetch(g, { ...w, version: after, refspec: undefined });
    return shown(await g.read(['diff', before, after], w.dest), before, after);
  }
  const scratch = (await g.ctx.probe(['mktemp', '-d'])).stdout.trim();
  try {
    const objects = posix.join(await repoPath(g, w.dest, w.bare), 'objects');
    const env = { GIT_OBJECT_DIRECTORY: scratch, GIT_ALTERNATE_OBJECT_DIRECTORIES: objects };
    const quiet = ['-c', 'gc.auto=0', '-c', 'maintenance.auto=false'];
    const fetchArgs = ['fetch', '-q', '--no-write-fetch-head', '--no-tags', '--no-recurse-submodules'];
    await g.read([...quiet, ...fetchArgs, w.repo, after], w.dest, env);
    return shown(await g.read(['diff', before, after], w.dest, env), before, after);
  } finally {
    await g.ctx.probe(['rm', '-rf', '--', scratch]);
  }
}

function shown(r: { rc: number; stdout: string; stderr: string }, before: string, after: string) {
  if (r.rc === 0) return { prepared: r.stdout || `>> No visual differences between ${before} and ${after}` };
  return {
    prepared: r.stderr
      ? `>> Failed to get proper diff between ${before} and ${after}:\n>> ${r.stderr}`
      : `>> Failed to get proper diff between ${before} and ${after}`,
  };
}
