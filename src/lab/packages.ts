import { runCmd, mustRun } from './run.js';

/** Debian packages a lab host needs on the controller (hosts run this machine's own binaries). */
export const LAB_DEBS = [
  'openssh-server',
  'openssh-client',
  'busybox',
  'socat',
  'iproute2',
  'sudo',
  'util-linux',
  'perl',
  'openssl',
];

/** Installs whatever of LAB_DEBS is missing; quiet when all are there. */
export async function ensureLabPackages(log: (line: string) => void): Promise<void> {
  // one dpkg-query for all of them: process starts are what a lab start costs
  const r = await runCmd(['dpkg-query', '-W', '-f=${Package} ${Status}\n', ...LAB_DEBS]);
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.endsWith('install ok installed'))
      .map((l) => l.split(' ')[0]!.split(':')[0]!),
  );
  const missing = LAB_DEBS.filter((p) => !installed.has(p));
  if (missing.length === 0) return;
  log(`lab: installing ${missing.join(' ')}`);
  await mustRun(['apt-get', 'update', '-qq']);
  await mustRun([
    'env',
    'DEBIAN_FRONTEND=noninteractive',
    'apt-get',
    'install',
    '-y',
    '-qq',
    '--no-install-recommends',
    ...missing,
  ]);
}
