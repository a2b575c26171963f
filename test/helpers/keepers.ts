import { execFileSync } from 'node:child_process';

/** The keepers serving sockets under `dir`, by the pid `ss` names for each listening socket. */
export function keeperPids(dir: string): number[] {
  const out = execFileSync('ss', ['-xlpn'], { encoding: 'utf8' });
  const pids = new Set<number>();
  for (const line of out.split('\n'))
    if (line.includes(dir)) for (const m of line.matchAll(/pid=(\d+)/g)) pids.add(Number(m[1]));
  return [...pids];
}
