import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import type { ModuleResult } from '../types.js';
import type { GitRunner } from './git-runner.js';

/**
 * separate_git_dir on a checkout that has its repository elsewhere (dest/.git, or another
 * separate dir): the repository moves to the new place and dest/.git becomes a `gitdir:` file
 * naming it, as Ansible's relocate_repo does (git_dir_before, git_dir_now in the result).
 */
export async function relocateRepo(
  g: GitRunner,
  o: { to: string; from: string; dest: string },
  result: ModuleResult,
): Promise<void> {
  if (await g.pathExists(o.to)) throw new ModuleFailure(`Separate-git-dir path ${o.to} already exists.`);
  const moved = await g.write(['mv', '--', o.from, o.to]);
  const wrote =
    moved?.rc === 0
      ? await g.write(['sh', '-c', 'printf "gitdir: %s" "$1" > "$2"', 'sh', o.to, posix.join(o.dest, '.git')])
      : undefined;
  if (moved?.rc === 0 && wrote?.rc === 0) {
    Object.assign(result, { git_dir_before: o.from, git_dir_now: o.to });
    return;
  }
  // a repository already moved goes back
  if (await g.pathExists(o.to)) await g.write(['mv', '--', o.to, o.from]);
  const why = (moved?.rc !== 0 ? moved : wrote)?.stderr.trim() ?? '';
  throw new ModuleFailure(`Unable to move git dir. ${why}`);
}

/** Python's os.path.realpath on the host (the path need not exist) */
export async function realpathOn(g: GitRunner, path: string): Promise<string> {
  const r = await g.ctx.probe(['realpath', '-m', '--', path], { allowFail: true });
  return r.rc === 0 ? r.stdout.replace(/\n$/, '') : posix.normalize(path);
}
