// Issue 19's report, end to end: a rollout in two batches (serial: 1) on 2 lab hosts over SSH,
// with a diff and a failure, written by `fabplay run --report`, opened in headless Chromium: the
// grid's cells and the failure are in the DOM it renders, and a screenshot is saved.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useLab } from '../helpers/lab.js';
import { runCli } from '../helpers/cli.js';
import { dumpDom, hasChromium, screenshot } from '../helpers/chromium.js';

/** Where the screenshot goes (kept after the test, for a look; never committed). */
export const REPORT_SCREENSHOT = join(tmpdir(), 'fabplay-report-lab.png');

const playbook = `
- name: rollout
  hosts: all
  gather_facts: false
  serial: 1
  tasks:
    - name: motd <b>says</b> hello
      copy:
        dest: /etc/motd-fabplay
        content: "hello from {{ inventory_hostname }}\\n"
    - name: probe
      command: "false"
      ignore_errors: true
    - name: the gate
      command: "sh -c 'echo gate closed on {{ inventory_hostname }} >&2; exit 3'"
      when: inventory_hostname == 'h2'
    - name: after the gate
      command: "true"
`;

describe('output: the run report of a lab rollout in headless Chromium @lab', function () {
  this.timeout(300000);
  const lab = useLab({ hosts: 2 });
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-report-lab-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the grid, the failure with file:line, the diff and the batch that stopped the rollout', async function () {
    if (!hasChromium()) {
      // scripts/setup.sh installs it; without it the report is still written and checked below
      console.log('    (chromium is not installed: apt-get install chromium; the browser part is skipped)');
    }
    writeFileSync(join(dir, 'p.yml'), playbook);
    const report = join(dir, 'run.html');
    const r = await runCli(['run', join(dir, 'p.yml'), '-i', lab.inventory, '--diff', '--report', report], {
      env: { NO_COLOR: '1', FABPLAY_RETRY_DIR: join(dir, 'retry') },
    });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.ok(existsSync(report));
    assert.ok(statSync(report).size < 200_000);
    if (!hasChromium()) return this.skip();

    const dom = dumpDom(report);
    const cell = (host: string, task: number): string | undefined =>
      new RegExp(
        `<td class="[^"]*" data-host="${host}" data-task="${task}" data-status="(\\w+)"[^>]*>([^<]*)</td>`,
      ).exec(dom)?.[2];
    // tasks: 0 motd, 1 probe, 2 the gate, 3 after the gate
    assert.deepEqual(
      [0, 1, 2, 3].map((t) => cell('h1', t)),
      ['changed', 'failed (ignored)', 'skipped', 'changed'],
    );
    assert.deepEqual(
      [0, 1, 2].map((t) => cell('h2', t)),
      ['changed', 'failed (ignored)', 'failed'],
    );
    assert.match(
      dom,
      /<td class="s-none" data-host="h2" data-task="3">-<\/td>/,
      'h2 never ran the last task',
    );
    // the task name with markup is text in the DOM, not an element
    assert.match(dom, /motd &lt;b&gt;says&lt;\/b&gt; hello/);

    const failures = /<div id="failures">([\s\S]*?)<h2>/.exec(dom)![1]!;
    assert.match(failures, /<b>h2<\/b>: failed in\s*<b>the gate<\/b>/);
    assert.match(failures, /\ngate closed on h2<\/pre>/, 'what the command said on stderr');
    assert.ok(failures.includes(`${join(dir, 'p.yml')}:14`), 'the gate task file:line');
    assert.match(failures, /<b>h1<\/b>: failed \(ignored\) in\s*<b>probe<\/b>/);

    const diffs = /<div id="diffs">([\s\S]*?)<h2>/.exec(dom)![1]!;
    assert.match(diffs, /<span class="d-add">\+hello from h1<\/span>/);
    assert.match(diffs, /<span class="d-add">\+hello from h2<\/span>/);

    assert.match(dom, /<li class="batch">\s*rollout: batch 1 of 2:\s*h1\s*<\/li>/);
    assert.match(dom, /<li class="batch stopped">\s*rollout: batch 2 of 2:\s*h2 \(stopped the rollout\)/);

    rmSync(REPORT_SCREENSHOT, { force: true });
    screenshot(report, REPORT_SCREENSHOT);
    assert.ok(statSync(REPORT_SCREENSHOT).size > 10_000, 'a screenshot with something in it');
    console.log(`    screenshot: ${REPORT_SCREENSHOT}`);
  });
});
