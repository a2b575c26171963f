import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/PID/stat after the command name (which is in parentheses and may hold
 * spaces): [0] state, [1] parent, ..., [19] start time in clock ticks after boot. Undefined when
 * the process is gone.
 */
export function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** When the process started (ticks after boot): with its PID, it names one process, never a reuse. */
export function processStart(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/**
 * Whether a lab host's PID 1 still runs: its PID with the start time recorded at lab up, so that
 * a PID the system gave to another process since (a stale lab reaped long after) is left alone.
 */
export function hostInitRuns(h: { pid: number; pidStart?: string }): boolean {
  return h.pid > 0 && h.pidStart !== undefined && processStart(h.pid) === h.pidStart;
}
