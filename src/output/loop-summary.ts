import type { HostResultEvent } from './events.js';

/**
 * The result of a whole looped task (its items were shown before it), as Ansible's default
 * callback tells it: the task loops and the result holds `results`. A task that does not loop
 * is shown as any result, `results` of its module's own or not.
 */
export function isLoopSummary(ev: HostResultEvent): boolean {
  return ev.loop === true && ev.item === undefined && Array.isArray(ev.result.results);
}
