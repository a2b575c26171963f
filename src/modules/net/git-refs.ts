import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import { checked, output, type GitRunner } from './git-runner.js';

/**
 * What the git module asks about refs, local and remote, in Ansible's way (its answers decide
 * which commands run, so the tests are Ansible's own: a version is a remote branch when
 * `ls-remote -h refs/heads/VERSION` prints the name anywhere, and so on).
 */

export async function isRemoteBranch(g: GitRunner, dir: string | undefined, remote: string, version: string) {
  return (await g.readOk(['ls-remote', remote, '-h', `refs/heads/${version}`], dir)).includes(version);
}

export async function isRemoteTag(g: GitRunner, dir: string | undefined, remote: string, version: string) {
  return (await g.readOk(['ls-remote', remote, '-t', `refs/tags/${version}`], dir)).includes(version);
}

/** `git branch -a` lines, stripped */
async function branches(g: GitRunner, dest: string): Promise<string[]> {
  const r = await g.read(['branch', '--no-color', '-a'], dest);
  if (r.rc !== 0)
    throw new ModuleFailure(`Could not determine branch data - received ${r.stdout}`, output(r, false));
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export async function isLocalBranch(g: GitRunner, dest: string, branch: string): Promise<boolean> {
  const all = await branches(g, dest);
  return all.includes(branch) || all.includes(`* ${branch}`);
}

async function isDetached(g: GitRunner, dest: string): Promise<boolean> {
  return (await branches(g, dest)).some(
    (b) =>
      b.startsWith('* ') &&
      (b.includes('no branch') || b.includes('detached from') || b.includes('detached at')),
  );
}

const BAD_GITDIR =
  'Current repo does not have a valid reference to a separate Git dir or it refers to the invalid path';

/** Where the repository of dest is: dest (bare), dest/.git, or where a `.git` file points */
export async function repoPath(g: GitRunner, dest: string, bare: boolean): Promise<string> {
  const path = bare ? dest : posix.join(dest, '.git');
  if (!(await g.isFile(path))) return path;
  const r = await g.ctx.probe(['cat', '--', path]);
  const text = r.stdout.trimEnd();
  const at = text.indexOf('gitdir: ');
  if (at !== 0)
    throw new ModuleFailure(BAD_GITDIR, {
      details: at < 0 ? 'not enough values to unpack' : '.git file has invalid git dir reference format',
    });
  const gitdir = text.slice('gitdir: '.length);
  const found = gitdir.startsWith('/') ? gitdir : posix.join(dest, gitdir);
  if (!(await g.isDir(found)))
    throw new ModuleFailure(BAD_GITDIR, { details: `${found} is not a directory` });
  return found;
}

/** Ansible's head_splitter: the branch a HEAD file names (`ref: refs/heads/main` -> main) */
function headOf(line: string, remote: string): string {
  const parts = line.replace(`refs/remotes/${remote}`, '').split(' ');
  const ref = parts[parts.length - 1]!;
  const rest = ref.split('/');
  return (rest.length > 2 ? rest.slice(2).join('/') : rest[rest.length - 1]!).replace(/\n+$/, '');
}

/**
 * The branch HEAD is on; when detached, the branch the remote's HEAD is on. Ansible's answer
 * for a HEAD file it cannot read is Python's None, which it then uses as a branch name.
 */
export async function headBranch(g: GitRunner, dest: string, remote: string, bare: boolean): Promise<string> {
  const repo = await repoPath(g, dest, bare);
  const file = (await isDetached(g, dest))
    ? posix.join(repo, 'refs', 'remotes', remote, 'HEAD')
    : posix.join(repo, 'HEAD');
  const line = await g.firstLine(file);
  return line ? headOf(line, remote) : 'None';
}

/**
 * The commit `version` is at on the remote: its HEAD's (the remote's HEAD when cloning, else the
 * current branch's), a branch's, a tag's (an annotated tag's commit); anything else is taken to
 * be a commit already.
 */
export async function remoteHead(
  g: GitRunner,
  o: {
    dest: string | undefined;
    version: string;
    remote: string;
    bare: boolean;
    repoArg: string;
    home: string;
  },
): Promise<string> {
  const { dest, version, remote } = o;
  const cloning = remote === o.repoArg || remote === 'file://' + expandHome(o.repoArg, o.home);
  const cwd = cloning ? undefined : dest;
  let args: string[];
  let tag = false;
  if (version === 'HEAD') {
    args = cloning
      ? ['ls-remote', remote, '-h', 'HEAD']
      : ['ls-remote', remote, '-h', `refs/heads/${await headBranch(g, dest!, remote, o.bare)}`];
  } else if (await isRemoteBranch(g, dest, remote, version)) {
    args = ['ls-remote', remote, '-h', `refs/heads/${version}`];
  } else if (await isRemoteTag(g, dest, remote, version)) {
    tag = true;
    args = ['ls-remote', remote, '-t', `refs/tags/${version}*`];
  } else return version;
  const r = await g.read(args, cwd);
  const out = checked([g.git, ...args], r).stdout;
  if (out.length < 1)
    throw new ModuleFailure(`Could not determine remote revision for ${version}`, {
      ...output(r),
    });
  let line = out;
  if (tag)
    for (const l of out.split('\n')) {
      if (l.endsWith(version + '^{}')) {
        line = l;
        break;
      } else if (l.endsWith(version)) line = l;
    }
  return line.trim().split(/\s+/)[0]!;
}

/** Python's os.path.expanduser for `~` and `~/...` (the user's home on the host) */
export function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? home + path.slice(1) : path;
}
