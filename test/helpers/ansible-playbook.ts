import { spawnSync } from 'node:child_process';

/**
 * Runs Debian's ansible-playbook (2.14) in `cwd`, without colours or retry files, for a test that
 * compares its output with fabplay's: its exit status and stdout, whether it failed or not;
 * `env` adds to the environment.
 */
export function ansiblePlaybook(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string } {
  const r = spawnSync('ansible-playbook', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False', ...env },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout };
}
