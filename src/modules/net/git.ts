import { posix } from 'node:path';
import { defineModule, ModuleFailure } from '../lib/args.js';
import { readGitHost } from './git-host.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import { GitRunner, output } from './git-runner.js';
import { expandHome, repoPath } from './git-refs.js';
import { converge } from './git-flow.js';
import { realpathOn, relocateRepo } from './git-separate.js';
import { sshAcceptsNew, sshCommand } from './git-ssh.js';

/**
 * ansible.builtin.git: a checkout of a repository at a version (branch, tag, commit or the
 * remote's HEAD), cloned when dest holds none, else fetched and switched; the commit before and
 * after, changed when they differ (or local changes were discarded, submodules updated, the
 * remote's URL changed). Check mode asks the remote where the version is and stops there. The
 * commands and their order are Ansible's (git-flow.ts), so what a run leaves behind is the same.
 */

export const git = defineModule({
  name: 'git',
  args: {
    repo: { type: 'string', aliases: ['name'] },
    dest: { type: 'string', remotePath: true },
    version: { type: 'string', default: 'HEAD' },
    remote: { type: 'string', default: 'origin' },
    refspec: { type: 'string' },
    reference: { type: 'string' },
    force: { type: 'boolean', default: false },
    depth: { type: 'integer' },
    clone: { type: 'boolean', default: true },
    update: { type: 'boolean', default: true },
    verify_commit: { type: 'boolean', default: false },
    gpg_whitelist: { type: 'stringlist', default: [] },
    accept_hostkey: { type: 'boolean', default: false },
    accept_newhostkey: { type: 'boolean', default: false },
    key_file: { type: 'string', remotePath: true },
    ssh_opts: { type: 'string' },
    executable: { type: 'string', remotePath: true },
    bare: { type: 'boolean', default: false },
    recursive: { type: 'boolean', default: true },
    single_branch: { type: 'boolean', default: false },
    track_submodules: { type: 'boolean', default: false },
    umask: { type: 'any' },
    archive: { type: 'string', remotePath: true },
    archive_prefix: { type: 'string' },
    separate_git_dir: { type: 'string', remotePath: true },
  },
  required: ['repo'],
  rules: {
    mutuallyExclusive: [
      ['separate_git_dir', 'bare'],
      ['accept_hostkey', 'accept_newhostkey'],
    ],
    requiredBy: { archive_prefix: ['archive'] },
  },
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    // in Ansible's order: git, the ssh check, umask, dest
    const host = await readGitHost(ctx, a.executable);
    const newKeys = a.accept_newhostkey && (await sshAcceptsNew(ctx));
    if (a.accept_newhostkey && !newKeys)
      ctx.warn('Your ssh client does not support accept_newhostkey option, therefore it cannot be used.');
    const umask = umaskOf(a.umask);
    const check = ctx.wording(true, false);
    const home = a.repo.startsWith('~') ? await ctx.remoteHome() : '';
    const expanded = expandHome(a.repo, home);
    // shallow clones and others need a URL: a path becomes file://
    const repo = expanded.startsWith('/') ? 'file://' + expanded : a.repo;
    if (!a.dest && a.clone)
      throw new ModuleFailure('the destination directory must be specified unless clone=no');
    const dest = a.dest ? await absolute(ctx, a.dest) : undefined;
    const env = { ...C_LOCALE, GIT_SSH_COMMAND: sshCommand(host.env, a, newKeys) };
    const g = new GitRunner(ctx, host.git, env, umask);
    await checkGitVersion(g);
    const start: ModuleResult = { changed: false };
    const separate = a.separate_git_dir === undefined ? undefined : await realpathOn(g, a.separate_git_dir);
    let repoDir = dest === undefined ? undefined : await repoPath(g, dest, a.bare);
    if (dest && repoDir && separate && separate !== repoDir && (await g.pathExists(repoDir))) {
      start.changed = true;
      if (!check) {
        await relocateRepo(g, { to: separate, from: repoDir, dest }, start);
        repoDir = separate;
      }
    }
    const present = repoDir !== undefined && (await g.pathExists(posix.join(repoDir, 'config')));
    return converge(g, {
      w: {
        repo,
        dest: dest ?? '',
        version: a.version,
        remote: a.remote,
        refspec: a.refspec,
        depth: a.depth,
        bare: a.bare,
        force: a.force,
        reference: a.reference,
        singleBranch: a.single_branch,
        separateGitDir: separate,
        verify: a.verify_commit ? a.gpg_whitelist : undefined,
      },
      repoArg: a.repo,
      home,
      present,
      clone: a.clone,
      update: a.update,
      recursive: a.recursive,
      track: a.track_submodules,
      archive: a.archive,
      archivePrefix: a.archive_prefix,
      check,
      diff: ctx.diff,
      start,
    });
  },
});

/** Ansible reads git's output, so it runs git in the C locale */
const C_LOCALE = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C', LC_CTYPE: 'C' };

/** umask: octal text (a number is refused, as Ansible refuses it: YAML made 0022 into 18) */
function umaskOf(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ModuleFailure('umask must be defined as a quoted octal integer');
  const t = v.trim();
  if (!/^(0o)?[0-7]+$/i.test(t))
    throw new ModuleFailure('umask must be an octal integer', {
      details: `invalid literal for int() with base 8: '${v}'`,
    });
  return (parseInt(t.replace(/^0o/i, ''), 8) & 0o777).toString(8).padStart(4, '0');
}

/** dest made absolute as Python's os.path.abspath: against the directory commands run in */
async function absolute(ctx: ModuleContext, dest: string): Promise<string> {
  if (dest.startsWith('/')) return posix.normalize(dest).replace(/(.)\/$/, '$1');
  const pwd = (await ctx.probe(['pwd'])).stdout.trim();
  return posix.resolve(pwd, dest);
}

/**
 * Why the program cannot be run, as Python's exec reports it (Ansible runs `git --version` first
 * and fails with the OSError): 2 none such, 13 a directory or not executable, 8 neither a binary
 * nor a script; 0 when it can run
 */
const EXEC_ERRNO_SH = `p=$1
case $p in */*) ;; *) p=$(command -v -- "$p") || { echo 2; exit; } ;; esac
if [ ! -e "$p" ]; then echo 2; elif [ -d "$p" ] || [ ! -x "$p" ]; then echo 13
else case $(head -c 4 -- "$p" | od -An -c | tr -d ' ') in 177ELF* | '#!'*) echo 0 ;; *) echo 8 ;; esac; fi`;

const EXEC_WORDS: Record<string, string> = {
  '2': 'No such file or directory',
  '13': 'Permission denied',
  '8': 'Exec format error',
};

/** fabplay takes the commands of git 2.3 on (Ansible's fallbacks for older ones are not made) */
async function checkGitVersion(g: GitRunner): Promise<void> {
  const errno = (await g.ctx.probe(['sh', '-c', EXEC_ERRNO_SH, 'sh', g.git])).stdout.trim();
  const words = EXEC_WORDS[errno];
  if (words)
    throw new ModuleFailure(`[Errno ${errno}] ${words}: b'${g.git}'`, {
      cmd: `${g.git} --version`,
      ...output({ rc: Number(errno), stdout: '', stderr: '', cmd: '' }),
    });
  const r = await g.read(['--version']);
  if (r.rc !== 0)
    throw new ModuleFailure(`Cannot run ${g.git} on ${g.ctx.host}: ${r.stderr.trim() || `exit ${r.rc}`}`, {
      rc: r.rc,
    });
  const m = /git version (\d+)\.(\d+)/.exec(r.stdout);
  if (m && (Number(m[1]) < 2 || (Number(m[1]) === 2 && Number(m[2]) < 3)))
    throw new ModuleFailure(
      `git ${m[1]}.${m[2]} on ${g.ctx.host} is older than 2.3, which fabplay's git needs`,
    );
}
