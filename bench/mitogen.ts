/**
 * Mitogen for Ansible, set up by the bench: a clone of mitogen-hq/mitogen at a pinned commit, its
 * `mitogen_linear` strategy plugged into ansible-playbook through ansible.cfg. Nothing of it is kept
 * in this repository. The source is FABPLAY_BENCH_MITOGEN (a local repository or a git URL),
 * else the project's GitHub URL; when it cannot be had the bench says why and goes on without.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCmd } from '../src/lab/run.js';

/**
 * v0.3.51 (2026-07-18), the newest release: Mitogen supports ansible-core 2.14 (Ansible 7) since
 * v0.3.6 and checks only a lower bound (2.10), so Debian's ansible-playbook 2.14 runs it.
 */
export const MITOGEN_COMMIT = 'af452078a10db0e3600c4e326402a8223470c686';
export const MITOGEN_RELEASE = 'v0.3.51';
const DEFAULT_SOURCE = 'https://github.com/mitogen-hq/mitogen.git';

export type MitogenSetup = { strategyDir: string; note: string } | { skipped: string };

/** Clones the source into `work` and checks out the pinned commit. */
export async function setUpMitogen(work: string): Promise<MitogenSetup> {
  const source = process.env.FABPLAY_BENCH_MITOGEN || DEFAULT_SOURCE;
  const dir = join(work, 'mitogen');
  const git = async (...args: string[]) => {
    const r = await runCmd(['git', ...args], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    if (r.rc !== 0) throw new Error(`git ${args[0]}: ${r.stderr.trim().split('\n').pop()}`);
  };
  try {
    await git('clone', '--quiet', '--no-checkout', source, dir);
    await git('-C', dir, 'checkout', '--quiet', '--detach', MITOGEN_COMMIT);
  } catch (e) {
    return {
      skipped: `Mitogen not run: ${(e as Error).message} (source ${source}; set FABPLAY_BENCH_MITOGEN to a clone of mitogen-hq/mitogen holding ${MITOGEN_COMMIT})`,
    };
  }
  const strategyDir = join(dir, 'ansible_mitogen/plugins/strategy');
  if (!existsSync(join(strategyDir, 'mitogen_linear.py')))
    return { skipped: `Mitogen not run: ${strategyDir}/mitogen_linear.py is missing` };
  return { strategyDir, note: `Mitogen ${MITOGEN_RELEASE} (${MITOGEN_COMMIT.slice(0, 12)}) from ${source}` };
}
