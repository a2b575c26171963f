// Issue 19: the report of a 50-host x 20-task run stays under 2 MB and renders whole in headless
// Chromium. Its render time (target: under 2 s) is a bench figure (bench/report-figures.ts), not
// asserted here: a timed test fails on a loaded machine for reasons that are not the report's.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostStatus, RunEvent } from '../../src/output/events.js';
import { writeReport } from '../../src/output/report.js';
import { dumpDom, hasChromium } from '../helpers/chromium.js';

const HOSTS = 50;
const TASKS = 20;

/** A run's events: every host runs every task; one task in four changes a 40-line file, one host in ten fails one task. */
function bigRun(): RunEvent[] {
  const hosts = Array.from(
    { length: HOSTS },
    (_, i) => `pxe-server-${String(i + 1).padStart(2, '0')}.example.net`,
  );
  const ev: RunEvent[] = [
    { event: 'playbook_start', playbook: '/srv/playbooks/site.yml' },
    { event: 'play_start', name: 'PXE servers', hosts },
  ];
  const stats = Object.fromEntries(
    hosts.map((h) => [
      h,
      { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 },
    ]),
  );
  for (let t = 0; t < TASKS; t++) {
    const task = `role_${t % 5} : configure part ${t} of the boot service`;
    ev.push({
      event: 'task_start',
      task,
      handler: false,
      action: 'template',
      path: `/srv/roles/r${t % 5}/tasks/main.yml:${t * 7 + 1}`,
    });
    hosts.forEach((host, i) => {
      const status: HostStatus =
        t === 13 && i % 10 === 3 ? 'failed' : t % 4 === 0 ? 'changed' : t % 7 === 0 ? 'skipped' : 'ok';
      const lines = (v: string) =>
        Array.from({ length: 40 }, (_, n) => `option-${n} = ${v}-${n}`).join('\n') + '\n';
      const result: Record<string, unknown> = { changed: status === 'changed' };
      if (status === 'changed')
        result.diff = { before: lines('old'), after: lines('new'), before_header: `/etc/part${t}.conf` };
      if (status === 'failed')
        Object.assign(result, {
          failed: true,
          msg: `dhcpd -t rejected /etc/dhcp/dhcpd.conf on ${host}\n${'line 13: range end exceeds subnet\n'.repeat(5)}`,
        });
      stats[host]![
        status === 'changed'
          ? 'changed'
          : status === 'failed'
            ? 'failed'
            : status === 'skipped'
              ? 'skipped'
              : 'ok'
      ]++;
      ev.push({
        event: 'host_result',
        host,
        task,
        handler: false,
        action: 'template',
        status,
        duration_ms: 200 + ((i * 37 + t * 11) % 900),
        result,
      });
    });
  }
  ev.push({ event: 'recap', stats, duration_ms: 95_000 });
  return ev;
}

describe('output: the report of a 50-host x 20-task run', function () {
  this.timeout(120000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-report-size-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is under 2 MB and headless Chromium renders every host and failure of it', function () {
    const page = join(dir, 'big.html');
    writeReport(page, bigRun());
    const size = statSync(page).size;
    assert.ok(size < 2 * 1024 * 1024, `${size} bytes`);
    assert.ok(hasChromium(), 'chromium is missing: ./scripts/setup.sh installs it');
    const dom = dumpDom(page);
    for (let i = 1; i <= 50; i++)
      assert.ok(dom.includes(`pxe-server-${String(i).padStart(2, '0')}.example.net`), `host ${i} missing`);
    for (const i of [4, 14, 24, 34, 44])
      assert.ok(
        dom.includes(
          `dhcpd -t rejected /etc/dhcp/dhcpd.conf on pxe-server-${String(i).padStart(2, '0')}.example.net`,
        ),
        `failure of host ${i} missing`,
      );
  });
});
