import { readdir, readlink, rmdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { LAB_ROOT, labDir, NS_PREFIX } from './paths.js';
import { hostInitRuns, readLabState } from './state.js';
import { runCmd } from './run.js';
import { processEnded } from '../util/proc-stat.js';

/**
 * Ends a lab: kills every process living in one of its network namespaces (hosts, clients,
 * ProxyCommand helpers), deletes its namespaces (and with them its bridges and veths), unmounts
 * its state tmpfs. Touches only names with the lab's prefix. Safe to run twice.
 */
export async function labDown(name: string): Promise<{ killed: number; namespaces: string[] }> {
  const state = await readLabState(name);
  const prefix = `${NS_PREFIX}${name}-`;
  const namespaces = (await readdir('/run/netns').catch(() => [] as string[])).filter((n) =>
    n.startsWith(prefix),
  );
  const inodes = new Set<string>();
  for (const ns of namespaces) {
    const st = await stat(`/run/netns/${ns}`).catch(() => undefined);
    if (st) inodes.add(`net:[${st.ino}]`);
  }
  const victims = new Set<number>(state?.hosts.filter(hostInitRuns).map((h) => h.pid) ?? []);
  for (const pid of await processesIn(inodes)) victims.add(pid);
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone already */
    }
  }
  await waitGone(victims, 5000);
  if (namespaces.length)
    await runCmd(['ip', '-batch', '-'], { input: namespaces.map((n) => `netns del ${n}`).join('\n') + '\n' });
  const dir = labDir(name);
  if (existsSync(dir)) {
    if ((await runCmd(['mountpoint', '-q', dir])).rc === 0) {
      let r = await runCmd(['umount', dir]);
      if (r.rc !== 0) r = await runCmd(['umount', '-l', dir]);
    }
    await rmdir(dir).catch(() => {});
  }
  await rmdir(LAB_ROOT).catch(() => {}); // only when no other lab is left
  return { killed: victims.size, namespaces };
}

/** Controller PIDs of processes whose network namespace is one of `inodes`. */
async function processesIn(inodes: Set<string>): Promise<number[]> {
  if (inodes.size === 0) return [];
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const link = await readlink(`/proc/${entry}/ns/net`).catch(() => '');
    if (inodes.has(link)) pids.push(Number(entry));
  }
  return pids;
}

async function waitGone(pids: Set<number>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const alive = [...pids].filter((p) => !processEnded(p));
    if (alive.length === 0 || Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
