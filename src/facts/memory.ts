/**
 * Memory facts from /proc/meminfo, as Ansible's LinuxHardware.get_memory_facts: the `*_mb` facts
 * and the `memory_mb` dict (real, nocache, swap); a value /proc/meminfo lacks is null there.
 */
export function memoryFacts(meminfo: string[]): Record<string, unknown> {
  const mb = (key: string): number | undefined => {
    const line = meminfo.find((l) => l.startsWith(`${key}:`));
    const kb = line && /(\d+)/.exec(line)?.[1];
    return kb === undefined || kb === '' ? undefined : Math.floor(Number(kb) / 1024);
  };
  const [total, free, swapTotal, swapFree] = ['MemTotal', 'MemFree', 'SwapTotal', 'SwapFree'].map(mb);
  const [buffers, cached, swapCached] = ['Buffers', 'Cached', 'SwapCached'].map(mb);
  const minus = (a?: number, b?: number): number | null =>
    a === undefined || b === undefined ? null : a - b;
  const nocacheFree =
    cached === undefined || free === undefined || buffers === undefined ? undefined : cached + free + buffers;
  const facts: Record<string, unknown> = {
    memory_mb: {
      real: { total: total ?? null, used: minus(total, free), free: free ?? null },
      nocache: { free: nocacheFree ?? null, used: minus(total, nocacheFree) },
      swap: {
        total: swapTotal ?? null,
        free: swapFree ?? null,
        used: minus(swapTotal, swapFree),
        cached: swapCached ?? null,
      },
    },
  };
  const named: [string, number | undefined][] = [
    ['memtotal_mb', total],
    ['memfree_mb', free],
    ['swaptotal_mb', swapTotal],
    ['swapfree_mb', swapFree],
  ];
  for (const [name, v] of named) if (v !== undefined) facts[name] = v;
  return facts;
}
