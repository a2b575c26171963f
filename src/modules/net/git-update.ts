import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import { headBranch, isLocalBranch, isRemoteBranch, isRemoteTag } from './git-refs.js';
import { output, type GitRunner } from './git-runner.js';
import { verifyCommit } from './git-verify.js';

/**
 * The git module's steps that alter the repository, as Ansible takes them: clone, fetch, the
 * remote's URL, and the checkout of the version asked for.
 */

export interface Wanted {
  repo: string;
  dest: string;
  version: string;
  remote: string;
  refspec?: string;
  depth?: number;
  bare: boolean;
  force: boolean;
  reference?: string;
  singleBranch: boolean;
  separateGitDir?: string;
  /** verify_commit's fingerprints, when it is on */
  verify?: string[];
}

export async function clone(g: GitRunner, w: Wanted): Promise<void> {
  const parent = posix.dirname(w.dest);
  await g.write(['mkdir', '-p', '--', parent]); // Ansible ignores its failure too
  g.exists(parent);
  const args = ['clone', ...(w.bare ? ['--bare'] : ['--origin', w.remote])];
  const branchOrTag =
    (await isRemoteBranch(g, w.dest, w.repo, w.version)) || (await isRemoteTag(g, w.dest, w.repo, w.version));
  if (w.depth) {
    if (w.version === 'HEAD' || w.refspec) args.push('--depth', String(w.depth));
    else if (branchOrTag) args.push('--depth', String(w.depth), '--branch', w.version);
    else
      g.ctx.warn(
        'Ignoring depth argument. Shallow clones are only available for HEAD, branches, tags or in combination with refspec.',
      );
  }
  if (w.reference) args.push('--reference', w.reference);
  if (w.singleBranch) {
    args.push('--single-branch');
    if (branchOrTag) args.push('--branch', w.version);
  }
  if (w.separateGitDir) args.push(`--separate-git-dir=${w.separateGitDir}`);
  await g.writeOk([...args, w.repo, w.dest], parent);
  g.exists(w.dest);
  if (w.bare && w.remote !== 'origin') await g.writeOk(['remote', 'add', w.remote, w.repo], w.dest);
  if (w.refspec)
    await g.writeOk(['fetch', ...(w.depth ? ['--depth', String(w.depth)] : []), w.remote, w.refspec], w.dest);
  if (w.verify) await verifyCommit(g, w.dest, w.version, w.verify);
}

/** Tracked files changed in the working tree (untracked ones do not count) */
export async function hasLocalMods(g: GitRunner, dest: string, bare: boolean): Promise<boolean> {
  if (bare) return false;
  const r = await g.read(['status', '--porcelain'], dest);
  return r.stdout.split('\n').some((l) => l !== '' && !l.startsWith('??'));
}

export async function remoteUrl(g: GitRunner, dest: string, remote: string): Promise<string | undefined> {
  const r = await g.read(['ls-remote', '--get-url', remote], dest);
  return r.rc === 0 ? r.stdout.replace(/\n$/, '') : undefined;
}

/** Points the remote at repo when it points elsewhere; whether it did */
export async function setRemoteUrl(g: GitRunner, w: Wanted): Promise<boolean> {
  const url = await remoteUrl(g, w.dest, w.remote);
  if (url === w.repo || (url !== undefined && (await g.samePath(url, w.repo)))) return false;
  const r = await g.write([g.git, 'remote', 'set-url', w.remote, w.repo], w.dest);
  if (r && r.rc !== 0)
    throw new ModuleFailure(`Failed to set a new url ${w.repo} for ${w.remote}: ${r.stdout} ${r.stderr}`);
  return url !== undefined;
}

/** Fetches what the checkout of the version needs (with depth, only that), tags included */
export async function fetch(g: GitRunner, w: Wanted): Promise<void> {
  const refspec = w.refspec;
  await setRemoteUrl(g, w);
  const args = ['fetch'];
  let refspecs: string[] = [];
  if (w.depth) {
    const current = await headBranch(g, w.dest, w.remote, false);
    if (refspec) refspecs.push(refspec);
    else if (w.version === 'HEAD') refspecs.push(current);
    else if (await isRemoteBranch(g, w.dest, w.repo, w.version)) {
      // older git needs the branch as a local ref too
      if (current !== w.version) refspecs.push(`+refs/heads/${w.version}:refs/heads/${w.version}`);
      refspecs.push(`+refs/heads/${w.version}:refs/remotes/${w.remote}/${w.version}`);
    } else if (await isRemoteTag(g, w.dest, w.repo, w.version))
      refspecs.push(`+refs/tags/${w.version}:refs/tags/${w.version}`);
    // a commit cannot be fetched alone: then a full fetch
    if (refspecs.length) args.push('--depth', String(w.depth));
  }
  if (!w.depth || !refspecs.length) {
    if (w.bare) refspecs = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];
    else args.push('--tags');
    if (refspec) refspecs.push(refspec);
  }
  if (w.force) args.push('--force');
  const argv = [g.git, ...args, w.remote, ...refspecs];
  const r = await g.write(argv, w.dest);
  if (r && r.rc !== 0)
    throw new ModuleFailure(`Failed to download remote objects and refs: ${r.stdout} ${r.stderr}`, {
      cmd: argv,
    });
}

export async function reset(g: GitRunner, dest: string): Promise<void> {
  await g.writeOk(['reset', '--hard', 'HEAD'], dest);
}

async function checkoutForce(g: GitRunner, dest: string, branch: string): Promise<void> {
  const r = await g.write([g.git, 'checkout', '--force', branch], dest);
  if (r && r.rc !== 0)
    throw new ModuleFailure(`Failed to checkout branch ${branch}`, {
      ...output(r),
    });
}

/** Checks out the version: a branch tracking the remote's, reset to it; a tag or commit detached */
export async function switchVersion(g: GitRunner, w: Wanted): Promise<void> {
  const { dest, remote, version } = w;
  let args: string[];
  let branch = version;
  if (version === 'HEAD') {
    branch = await headBranch(g, dest, remote, false);
    await checkoutForce(g, dest, branch);
    args = ['reset', '--hard', `${remote}/${branch}`, '--'];
  } else if (await isRemoteBranch(g, dest, remote, version)) {
    if (w.depth && !(await isLocalBranch(g, dest, version))) {
      // a shallow clone has only its branch: fetch this one to check it out
      const refs = [
        `+refs/heads/${version}:refs/heads/${version}`,
        `+refs/heads/${version}:refs/remotes/${remote}/${version}`,
      ];
      const r = await g.write([g.git, 'fetch', `--depth=${w.depth}`, remote, ...refs], dest);
      if (r && r.rc !== 0)
        throw new ModuleFailure(`Failed to fetch branch from remote: ${version}`, {
          ...output(r),
        });
    }
    if (!(await isLocalBranch(g, dest, version)))
      args = ['checkout', '--track', '-b', version, `${remote}/${version}`];
    else {
      await checkoutForce(g, dest, version);
      args = ['reset', '--hard', `${remote}/${version}`];
    }
  } else args = ['checkout', '--force', version];
  const argv = [g.git, ...args];
  const r = await g.write(argv, dest);
  if (r && r.rc !== 0)
    throw new ModuleFailure(`Failed to checkout ${version === 'HEAD' ? `branch ${branch}` : version}`, {
      ...output(r),
      cmd: argv.join(' '),
    });
  if (w.verify) await verifyCommit(g, dest, version, w.verify);
}
