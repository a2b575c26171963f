/**
 * What the lab itself costs, apart from the controller: the processes living in the lab's network
 * namespaces (hosts' init, sshd and sessions, the relay), their CPU time (exited children's
 * included through the parent that reaped them) and their memory (proportional set size).
 */
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { NS_PREFIX } from '../src/lab/paths.js';
import { statFields } from '../src/util/proc-stat.js';

export interface LabSample {
  processes: number;
  cpuMs: number;
  pssMb: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

async function labNetInodes(lab: string): Promise<Set<string>> {
  const prefix = `${NS_PREFIX}${lab}-`;
  const out = new Set<string>();
  for (const ns of await readdir('/run/netns').catch(() => [] as string[])) {
    if (!ns.startsWith(prefix)) continue;
    const st = await stat(`/run/netns/${ns}`).catch(() => undefined);
    if (st) out.add(`net:[${st.ino}]`);
  }
  return out;
}

/** utime + stime + cutime + cstime of one process, in ms. */
function cpuOf(statLine: string): number {
  const f = statFields(statLine);
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
}

export async function sampleLab(lab: string, withMemory = false): Promise<LabSample> {
  const inodes = await labNetInodes(lab);
  const s: LabSample = { processes: 0, cpuMs: 0, pssMb: 0 };
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    if (!inodes.has(await readlink(`/proc/${pid}/ns/net`).catch(() => ''))) continue;
    const line = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!line) continue;
    s.processes++;
    s.cpuMs += cpuOf(line);
    if (withMemory) {
      const r = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
      s.pssMb += Number(/^Pss:\s+(\d+)/m.exec(r)?.[1] ?? 0) / 1024;
    }
  }
  return s;
}

/** Waits (up to 10 s) until the lab is back to `processes` processes: the run's sessions reaped. */
export async function settledLab(lab: string, processes: number): Promise<LabSample> {
  const end = Date.now() + 10000;
  for (;;) {
    const s = await sampleLab(lab);
    if (s.processes <= processes || Date.now() > end) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
}
