import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Runs Debian's ansible-playbook (2.14) in `cwd`, without colours or retry files, for a test that
 * compares its output with fabplay's: its exit status, stdout and stderr, whether it failed or not;
 * `env` adds to the environment.
 */
export function ansiblePlaybook(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('ansible-playbook', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False', ...env },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One task's results per host, from ansible-playbook's json callback. */
export interface AnsibleTaskResults {
  task: { name: string };
  hosts: Record<string, Record<string, unknown>>;
}

/**
 * Runs ansible-playbook with the json callback (host keys not checked: the lab's come with its
 * inventory) in `cwd`, failed or not, and gives every task of every play in order.
 */
export async function ansibleTasks(args: string[], cwd: string): Promise<AnsibleTaskResults[]> {
  const { stdout } = await promisify(execFile)('ansible-playbook', args, {
    cwd,
    maxBuffer: 64 << 20,
    env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_HOST_KEY_CHECKING: 'False' },
  }).catch((e: { stdout: string }) => e);
  const plays = (JSON.parse(stdout) as { plays: { tasks: AnsibleTaskResults[] }[] }).plays;
  return plays.flatMap((p) => p.tasks);
}
