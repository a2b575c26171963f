import { FIND_BIN_SH, keyValues } from '../lib/bin-path.js';
import { ModuleFailure } from '../lib/args.js';
import type { ModuleContext } from '../types.js';

/** What the git module reads of the host's environment first, with shell builtins only. */
export interface GitHost {
  /** the git program Ansible's get_bin_path finds (when no executable is given) */
  git: string;
  /** GIT_SSH, GIT_SSH_COMMAND, GIT_SSH_OPTS as the task's environment sets them */
  env: Map<string, string>;
}

const VARS = ['GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_SSH_OPTS'];

const SCRIPT = `${FIND_BIN_SH}
found git
printf 'PATH=%s\\n' "$PATH"
for d in /sbin /usr/sbin /usr/local/sbin; do [ -e $d ] && echo "sbin=$d"; done
${VARS.map((v) => `[ -n "\${${v}+x}" ] && printf '${v}=%s\\n' "$${v}"`).join('\n')}
true`;

export async function readGitHost(ctx: ModuleContext, executable: string | undefined): Promise<GitHost> {
  const r = await ctx.probe({ shell: SCRIPT });
  const kv = keyValues(r.stdout);
  const env = new Map(VARS.filter((v) => kv.has(v)).map((v) => [v, kv.get(v)!]));
  const git = executable ?? kv.get('git');
  if (git !== undefined) return { git, env };
  // Ansible's get_bin_path names where it looked: PATH, then the sbin directories PATH lacks
  const dirs = (kv.get('PATH') ?? '').split(':');
  for (const line of r.stdout.split('\n'))
    if (line.startsWith('sbin=') && !dirs.includes(line.slice(5))) dirs.push(line.slice(5));
  throw new ModuleFailure(`Failed to find required executable "git" in paths: ${dirs.join(':')}`);
}
