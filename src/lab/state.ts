import { readFile, writeFile } from 'node:fs/promises';
import { labDir } from './paths.js';
import { processStart } from '../util/proc-stat.js';

export interface LabHostState {
  name: string;
  /** management address, reachable through the lab's ProxyCommand */
  addr: string;
  /** network namespace name (under /run/netns) */
  netns: string;
  /** controller PID of the host's PID 1; killing it ends every process of the host */
  pid: number;
  /** its start time (processStart), which tells it from a later process given the same PID */
  pidStart?: string;
  /** the fabric segment this host serves, if any, and its address there (interface fab0) */
  segment?: number;
  fabricAddr?: string;
  /** a gate client: its fab0 sits on this segment with no address, for a rollout's health gate */
  gateFor?: number;
  /** the copy-on-write layer holding everything the host wrote */
  upperDir: string;
}

export interface LabState {
  name: string;
  dir: string;
  mgmtNetns: string;
  gateway: string;
  segments: number;
  hosts: LabHostState[];
  /** client namespaces added on fabric segments */
  clients: { netns: string; segment: number }[];
  keyFile: string;
  knownHostsFile: string;
  inventoryFile: string;
  proxyCommand: string;
  startedAt: string;
  /** set for labs a test made: when that process is gone, the lab is stale and may be reaped */
  ownerPid?: number;
}

/**
 * Whether a lab host's PID 1 still runs: its PID with the start time recorded at lab up, so that
 * a PID the system gave to another process since (a stale lab reaped long after) is left alone.
 */
export function hostInitRuns(h: Pick<LabHostState, 'pid' | 'pidStart'>): boolean {
  return h.pid > 0 && h.pidStart !== undefined && processStart(h.pid) === h.pidStart;
}

export function stateFile(lab: string): string {
  return `${labDir(lab)}/lab.json`;
}

export async function readLabState(lab: string): Promise<LabState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(lab), 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

export async function writeLabState(state: LabState): Promise<void> {
  await writeFile(stateFile(state.name), JSON.stringify(state, null, 2));
}
