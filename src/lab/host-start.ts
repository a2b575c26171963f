import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { netnsPath } from './paths.js';

export interface HostStartArgs {
  labDir: string;
  name: string;
  netns: string;
  addr: string;
  gateway: string;
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
    a.fabricAddr ?? '',
  ];
  const child = spawn('nsenter', argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 30000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY\n')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out.includes('READY\n'));
    });
  });
  child.stdout.destroy();
  child.stderr.destroy();
  child.unref();
  if (!ready) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
    throw new Error(`lab: host ${a.name} did not start: ${(err + out).trim()}`);
  }
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
