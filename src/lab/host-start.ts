import { mkdir, readFile } from 'node:fs/promises';
import { netnsPath } from './paths.js';
import { startDetached } from './detached.js';

export interface HostStartArgs {
  labDir: string;
  name: string;
  netns: string;
  /** with its prefix length, e.g. 10.64.16.11/20 */
  addr: string;
  gateway: string;
  gatewayMac: string;
  fabricAddr?: string;
}

/**
 * Starts one lab host: its PID 1 (lab/host-init.ts) in fresh UTS, PID and mount namespaces
 * inside the host's network namespace. Resolves with the controller PID of that PID 1 once sshd
 * listens. The process is detached: it outlives this controller process until `lab down`.
 */
export async function startHost(a: HostStartArgs): Promise<number> {
  const h = `${a.labDir}/hosts/${a.name}`;
  await Promise.all(['upper', 'work', 'merged'].map((d) => mkdir(`${h}/${d}`, { recursive: true })));
  const argv = [
    `--net=${netnsPath(a.netns)}`,
    'unshare',
    '--uts',
    '--pid',
    '--mount',
    '--fork',
    '--propagation',
    'private',
    '/bin/sh',
    `${a.labDir}/host-init.sh`,
    h,
    a.labDir,
    a.name,
    a.addr,
    a.gateway,
    a.gatewayMac,
    a.fabricAddr ?? '',
  ];
  const child = await startDetached(['nsenter', ...argv], `host ${a.name}`);
  const pid = await pidOneOf(child.pid!);
  if (!pid) throw new Error(`lab: host ${a.name}: cannot find its PID 1`);
  return pid;
}

/** `unshare --fork` waits for its one child, the host's PID 1. */
async function pidOneOf(unsharePid: number): Promise<number | undefined> {
  const kids = await readFile(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').catch(() => '');
  const first = kids.trim().split(/\s+/)[0];
  return first ? Number(first) : undefined;
}
