import { pyJson } from '../util/python-json.js';
import { banner } from './format.js';
import type { RecapEvent } from './events.js';

/** What Ansible's callback leaves out of a dumped result (internal keys, invocation, diff, exception). */
function shown(stats: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stats).filter(
      ([k]) => !k.startsWith('_ansible_') && !['invocation', 'diff', 'exception'].includes(k),
    ),
  );
}

/** json.dumps(indent=1, sort_keys=True) with the newlines taken out: Ansible's one-line dump of a stat. */
function oneLineJson(stats: Record<string, unknown>): string {
  return pyJson(shown(stats), { indent: 1, sortKeys: true, ensureAscii: false }).replace(/\n/g, '');
}

/**
 * The lines Ansible's default callback prints after the recap with show_custom_stats: a
 * banner, each host's stats, then the run's; none when set_stats set nothing.
 */
export function customStatsLines(ev: Pick<RecapEvent, 'custom_stats' | 'global_custom_stats'>): string[] {
  const hosts = Object.entries(ev.custom_stats ?? {});
  const run = ev.global_custom_stats ?? {};
  const hasRun = Object.keys(run).length > 0;
  if (!hosts.length && !hasRun) return [];
  const lines = ['', '', banner('CUSTOM STATS:')];
  for (const [host, stats] of hosts) lines.push(`\t${host}: ${oneLineJson(stats)}`);
  if (hasRun) lines.push('', `\tRUN: ${oneLineJson(run)}`);
  lines.push('');
  return lines;
}
