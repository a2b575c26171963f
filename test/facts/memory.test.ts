import assert from 'node:assert/strict';
import { memoryFacts } from '../../src/facts/memory.js';

/** Expected values: Ansible 2.14's LinuxHardware.get_memory_facts run on the same lines. */
const MEMINFO = [
  'MemTotal:        8000000 kB',
  'MemFree:         1000000 kB',
  'MemAvailable:    5000000 kB',
  'Buffers:          200000 kB',
  'Cached:          3000000 kB',
  'SwapCached:         5000 kB',
  'SwapTotal:       2097148 kB',
  'SwapFree:        2000000 kB',
];

describe('memory facts (/proc/meminfo)', () => {
  it("gives Ansible's *_mb facts and its memory_mb dict", () => {
    assert.deepEqual(memoryFacts(MEMINFO), {
      memfree_mb: 976,
      memtotal_mb: 7812,
      swapfree_mb: 1953,
      swaptotal_mb: 2047,
      memory_mb: {
        nocache: { free: 4100, used: 3712 },
        real: { free: 976, total: 7812, used: 6836 },
        swap: { cached: 4, free: 1953, total: 2047, used: 94 },
      },
    });
  });

  it('a line /proc/meminfo lacks is null in memory_mb and its *_mb fact is absent', () => {
    const lines = MEMINFO.filter((l) => !l.startsWith('Buffers') && !l.startsWith('SwapFree'));
    assert.deepEqual(memoryFacts(lines), {
      memfree_mb: 976,
      memtotal_mb: 7812,
      swaptotal_mb: 2047,
      memory_mb: {
        nocache: { free: null, used: null },
        real: { free: 976, total: 7812, used: 6836 },
        swap: { cached: 4, free: null, total: 2047, used: null },
      },
    });
  });
});
