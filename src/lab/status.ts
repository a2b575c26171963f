import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { LAB_ROOT } from './paths.js';
import { readLabState, type LabState } from './state.js';

export interface LabStatus {
  state: LabState;
  /** host name -> whether its PID 1 still runs */
  alive: Record<string, boolean>;
}

/** Every lab on this machine, with which of its hosts still run. */
export async function labStatus(): Promise<LabStatus[]> {
  const names = await readdir(LAB_ROOT).catch(() => [] as string[]);
  const out: LabStatus[] = [];
  for (const n of names.sort()) {
    const state = await readLabState(n);
    if (!state) continue;
    const alive: Record<string, boolean> = {};
    for (const h of state.hosts) alive[h.name] = h.pid > 0 && existsSync(`/proc/${h.pid}`);
    out.push({ state, alive });
  }
  return out;
}
