import { strict as assert } from 'node:assert';
import { ratio, table, timesFaster, verdicts } from '../../bench/report.js';

describe('bench report (the table and the verdicts npm run bench prints)', () => {
  it('shows both tools with first run, re-run, time per item per host, peak RSS and the ratio', () => {
    const out = table([
      {
        workload: 'a',
        tool: 'fabplay',
        firstMs: 1500,
        rerunMs: 1200,
        items: 42,
        hosts: 3,
        peakRssMb: 80,
        ok: true,
        vsAnsible: timesFaster({ firstMs: 1500, rerunMs: 1200 }, { firstMs: 60000, rerunMs: 48000 }),
      },
      {
        workload: 'a',
        tool: 'ansible-playbook',
        firstMs: 60000,
        rerunMs: 48000,
        items: 42,
        hosts: 3,
        ok: false,
      },
    ]).split('\n');
    assert.match(
      squeezed(out[0]!),
      /^\| workload \| tool \| first run \| re-run \| per item per host \| peak RSS \| vs ansible \| note \|$/,
    );
    assert.equal(squeezed(out[2]!), '| a | fabplay | 1.50 s | 1.20 s | 9.52 ms | 80 MB | 40.0x / 40.0x | |');
    assert.equal(
      squeezed(out[3]!),
      '| a | ansible-playbook | 60.00 s | 48.00 s | 380.95 ms | - | - | FAILED |',
    );
  });

  it('says MISSED plainly for a target not met, and - for a ratio it cannot compute', () => {
    assert.equal(
      verdicts([
        { target: '(c) under 10 s, first run', measured: '18.41 s', met: false },
        { target: '(c) under 10 s, re-run', measured: '9.06 s', met: true },
      ]),
      'MISSED  (c) under 10 s, first run: 18.41 s\nMET     (c) under 10 s, re-run: 9.06 s',
    );
    assert.equal(timesFaster({ firstMs: 9000, rerunMs: 7000 }, { firstMs: 540000 }), '60.0x / -');
    assert.ok(Number.isNaN(ratio(100, 0)));
  });
});

/** A table line with its padding squeezed, so the test reads the cells, not the widths. */
function squeezed(line: string): string {
  return line.replace(/ +/g, ' ');
}
