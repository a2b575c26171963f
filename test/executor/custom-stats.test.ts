import { strict as assert } from 'node:assert';
import { addCustomStats, customStatsOf } from '../../src/executor/custom-stats.js';
import { pyFloat } from '../../src/util/py-float.js';

/**
 * set_stats' values added up as Ansible's AggregateStats.update_custom_stats adds them (Python's +=
 * and isinstance); the first two cases give what ansible-core 2.14's AggregateStats gave for them.
 */
describe('executor: custom stats (set_stats)', () => {
  const stats = (
    ...results: { data: Record<string, unknown>; per_host?: boolean; aggregate?: boolean; host?: string }[]
  ) => {
    const kept = new Map<string, Record<string, unknown>>();
    for (const r of results)
      addCustomStats(
        kept,
        r.host ?? 'h1',
        {
          changed: false,
          ansible_stats: { aggregate: r.aggregate ?? true, data: r.data, per_host: !!r.per_host },
        },
        true,
      );
    return customStatsOf(kept);
  };

  it('adds numbers, joins texts and lists, merges mappings; drops a value of another type', () => {
    const got = stats(
      { data: { n: 1, t: 'a', l: [1], d: { k: { x: 1 } }, b: true, i: 1 } },
      { data: { n: 2, t: 'b', l: [2], d: { k: { y: 2 } }, b: 1, i: true } },
      { data: { n: 'text', t: 3, l: { no: 1 } } },
    );
    // bool is an int to isinstance: True adds to an int (2), 1 is no bool (dropped)
    assert.deepEqual(got.global_custom_stats, {
      n: 3,
      t: 'ab',
      l: [1, 2],
      d: { k: { x: 1, y: 2 } },
      b: true,
      i: 2,
    });
    assert.deepEqual(got.custom_stats, {});
  });

  it('floats stay floats, an int is no float; aggregate false replaces', () => {
    const got = stats(
      { data: { f: 1.5, g: 1.5 } },
      { data: { f: 1.5, g: 2 } },
      { data: { f: 9 }, aggregate: false },
    );
    assert.deepEqual(got.global_custom_stats, { f: 9, g: 1.5 });
    const whole = stats({ data: { f: 0.5 } }, { data: { f: 0.5 } }).global_custom_stats.f;
    assert.equal(String(whole), String(pyFloat(1)));
  });

  it('per host apart from the run, hosts sorted; a shared run_once result adds per-host stats only', () => {
    const kept = new Map<string, Record<string, unknown>>();
    const res = (per_host: boolean) => ({ ansible_stats: { aggregate: true, data: { n: 1 }, per_host } });
    addCustomStats(kept, 'h2', res(true), true);
    addCustomStats(kept, 'h1', res(true), false);
    addCustomStats(kept, 'h1', res(false), true);
    addCustomStats(kept, 'h2', res(false), false);
    // a loop's items each count; empty data adds nothing
    addCustomStats(kept, 'h1', { results: [res(false), res(false), { ansible_stats: { data: {} } }] }, true);
    const got = customStatsOf(kept);
    assert.deepEqual(Object.keys(got.custom_stats), ['h1', 'h2']);
    assert.deepEqual(got.global_custom_stats, { n: 3 });
  });
});
