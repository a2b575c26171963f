import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { LAB_ROOT } from './paths.js';
import { hostInitRuns, readLabState, type LabState } from './state.js';
import { labDown } from './down.js';

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
    for (const h of state.hosts) alive[h.name] = hostInitRuns(h);
    out.push({ state, alive });
  }
  return out;
}

/** Ends labs whose owner process (a test run killed before its after() hook) is gone. */
export async function reapStaleLabs(): Promise<string[]> {
  const reaped: string[] = [];
  for (const { state } of await labStatus()) {
    if (state.ownerPid && !existsSync(`/proc/${state.ownerPid}`)) {
      await labDown(state.name);
      reaped.push(state.name);
    }
  }
  return reaped;
}
