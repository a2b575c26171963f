import { runCmd } from './run.js';
import { netnsPath } from './paths.js';

export interface HostExecResult {
  rc: number;
  stdout: string;
  stderr: string;
}

const CLEAN_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C.UTF-8',
};

/** Runs `/bin/sh -c command` inside a lab host (all its namespaces, its root), not over SSH. */
export function execInHost(pid: number, command: string, input?: string | Buffer): Promise<HostExecResult> {
  return spawnCollect(
    ['nsenter', '-t', String(pid), '-n', '-u', '-p', '-m', '-i', '--', '/bin/sh', '-c', command],
    input,
  );
}

/** Runs `/bin/sh -c command` in a network namespace only (a fabric client), as root on this machine. */
export function execInNetns(
  netns: string,
  command: string,
  input?: string | Buffer,
): Promise<HostExecResult> {
  return spawnCollect(['nsenter', `--net=${netnsPath(netns)}`, '--', '/bin/sh', '-c', command], input);
}

function spawnCollect(argv: string[], input?: string | Buffer): Promise<HostExecResult> {
  return runCmd(argv, { input, env: CLEAN_ENV });
}
