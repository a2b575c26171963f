import { readFileSync } from 'node:fs';

/**
 * The fields of a /proc/PID/stat line after the command name (which is in parentheses and may
 * hold spaces): [0] state, [1] parent, [3] session, [11]-[14] CPU ticks, [19] start time in clock
 * ticks after boot.
 */
export function statFields(line: string): string[] {
  return line.slice(line.lastIndexOf(')') + 2).split(' ');
}

/** statFields of a process; undefined when it is gone. */
export function procStat(pid: number): string[] | undefined {
  try {
    return statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** When the process started (ticks after boot): with its PID, it names one process, never a reuse. */
export function processStart(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/** Gone, or a zombie waiting for its parent: nothing left to kill. */
export function processEnded(pid: number): boolean {
  const stat = procStat(pid);
  return !stat || stat[0] === 'Z';
}
