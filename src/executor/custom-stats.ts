import type { ModuleResult } from '../modules/types.js';
import { isBoxedFloat, isFloat, pyFloat } from '../util/py-float.js';
import { mergeHash } from '../vars/hash-behaviour.js';

/**
 * set_stats' values as Ansible's strategy keeps them (AggregateStats.custom): per host, or under
 * `_run` for the whole run; with aggregate they add up (mappings merged, lists and texts joined,
 * numbers summed), a value of another type than the one kept is dropped.
 */

type Stats = Map<string, Record<string, unknown>>;

const RUN = '_run';

/** Python's type of a value, for Ansible's isinstance(new, type(old)) */
function pyType(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || isBoxedFloat(v)) return isFloat(v) ? 'float' : 'int';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** old += new as Python does it, or undefined where Ansible keeps the old value (a type that differs) */
function added(old: unknown, v: unknown): unknown {
  const was = pyType(old);
  const is = pyType(v);
  // bool is an int to isinstance: True may add to an int, 1 not to a bool
  if (was !== is && !(was === 'int' && is === 'bool')) return undefined;
  switch (was) {
    case 'dict':
      return mergeHash(old as Record<string, unknown>, v as Record<string, unknown>);
    case 'list':
      return [...(old as unknown[]), ...(v as unknown[])];
    case 'str':
      return (old as string) + (v as string);
    case 'float':
      return pyFloat(Number(old) + Number(v));
    case 'int':
    case 'bool':
      return Number(old) + Number(v);
    default:
      // None += None is Python's TypeError; Ansible's strategy would stop: keep the old one
      return undefined;
  }
}

function record(stats: Stats, who: string, data: Record<string, unknown>, aggregate: boolean): void {
  const kept = stats.get(who) ?? {};
  stats.set(who, kept);
  for (const [k, v] of Object.entries(data)) {
    if (!aggregate || !(k in kept)) kept[k] = v;
    else {
      const sum = added(kept[k], v);
      if (sum !== undefined) kept[k] = sum;
    }
  }
}

/**
 * The stats of a result that succeeded (each loop item's): per_host ones to `host`, the others to
 * the run, only where the task ran (`ran`: not for a run_once result shared with another host).
 */
export function addCustomStats(stats: Stats, host: string, res: ModuleResult, ran: boolean): void {
  const items = Array.isArray(res.results) ? (res.results as ModuleResult[]) : [res];
  for (const r of items) {
    const s = r?.ansible_stats as
      { data?: Record<string, unknown>; per_host?: boolean; aggregate?: boolean } | undefined;
    if (!s?.data || typeof s.data !== 'object' || !Object.keys(s.data).length) continue;
    if (!s.per_host && !ran) continue;
    record(stats, s.per_host ? host : RUN, s.data, !!s.aggregate);
  }
}

/** The recap's fields: per host (sorted) and the run's, as Ansible's json callback names them. */
export function customStatsOf(stats: Stats): {
  custom_stats: Record<string, Record<string, unknown>>;
  global_custom_stats: Record<string, unknown>;
} {
  const hosts = [...stats.keys()].filter((h) => h !== RUN).sort();
  return {
    custom_stats: Object.fromEntries(hosts.map((h) => [h, stats.get(h)!])),
    global_custom_stats: stats.get(RUN) ?? {},
  };
}
