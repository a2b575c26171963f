/** The benchmark's table and its verdicts against the targets of issue 8. */
export interface Row {
  workload: string;
  tool: string;
  firstMs?: number;
  rerunMs?: number;
  items?: number;
  hosts?: number;
  peakRssMb?: number;
  ok: boolean;
  /** how many times faster than ansible-playbook on the same hosts (fabplay's rows) */
  vsAnsible?: string;
  note?: string;
}

const fmt = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);

export function table(rows: Row[]): string {
  const head = [
    'workload',
    'tool',
    'first run',
    're-run',
    'per item per host',
    'peak RSS',
    'vs ansible',
    'note',
  ];
  const body = rows.map((r) => [
    r.workload,
    r.tool,
    fmt(r.firstMs),
    fmt(r.rerunMs),
    r.rerunMs !== undefined && r.items && r.hosts ? `${(r.rerunMs / r.items / r.hosts).toFixed(2)} ms` : '-',
    r.peakRssMb !== undefined && !Number.isNaN(r.peakRssMb) ? `${r.peakRssMb.toFixed(0)} MB` : '-',
    r.vsAnsible ?? '-',
    (r.ok ? '' : 'FAILED ') + (r.note ?? ''),
  ]);
  return grid(head, body);
}

/** A Markdown table, columns padded to their widest cell. */
export function grid(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean;
}

export function ratio(slow: number | undefined, fast: number | undefined): number {
  return slow !== undefined && fast !== undefined && fast > 0 ? slow / fast : NaN;
}

/** `38.5x / 36.0x`: ansible-playbook's time over fabplay's, first run / re-run. */
export function timesFaster(
  fabplay: { firstMs?: number; rerunMs?: number },
  ansible: { firstMs?: number; rerunMs?: number },
): string {
  const x = (a?: number, f?: number) => {
    const r = ratio(a, f);
    return Number.isNaN(r) ? '-' : `${r.toFixed(1)}x`;
  };
  return `${x(ansible.firstMs, fabplay.firstMs)} / ${x(ansible.rerunMs, fabplay.rerunMs)}`;
}

export function verdicts(v: Verdict[]): string {
  return v.map((x) => `${x.met ? 'MET   ' : 'MISSED'}  ${x.target}: ${x.measured}`).join('\n');
}
