import { runCmd, mustRun } from './run.js';

/** Debian packages a lab host needs on the controller (hosts run this machine's own binaries). */
export const LAB_DEBS = [
  'openssh-server',
  'openssh-client',
  'busybox',
  'iproute2',
  'sudo',
  'util-linux',
  'perl',
  'openssl',
];

/** Installs whatever of LAB_DEBS is missing; quiet when all are there. */
export async function ensureLabPackages(log: (line: string) => void): Promise<void> {
  const missing: string[] = [];
  for (const p of LAB_DEBS) {
    const r = await runCmd(['dpkg-query', '-W', '-f=${Status}', p]);
    if (!r.stdout.includes('install ok installed')) missing.push(p);
  }
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
