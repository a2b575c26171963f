// The report's HTML: every value is text, whatever it holds; the page is self-contained.
import { strict as assert } from 'node:assert';
import { escapeHtml, markup } from '../../src/output/html.js';
import { buildReportModel } from '../../src/output/report-model.js';
import { renderReportHtml } from '../../src/output/report-html.js';
import type { RunEvent } from '../../src/output/events.js';

const EVIL = `<script>alert("x")</script><img src=x onerror='y'>&amp;`;

/** Events whose every string field holds markup, as a host's data can. */
function evilEvents(): RunEvent[] {
  const stats = { ok: 0, changed: 1, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 };
  const stop = {
    play: `play ${EVIL}`,
    batch: 1,
    batches: 1,
    hosts: [`h${EVIL}`],
    failed: [{ host: `h${EVIL}`, task: `t${EVIL}`, status: 'failed' as const, msg: `m${EVIL}` }],
    not_reached: [`n${EVIL}`],
  };
  return [
    { event: 'playbook_start', playbook: `p${EVIL}.yml` },
    { event: 'play_start', name: `play ${EVIL}`, hosts: [`h${EVIL}`] },
    { event: 'batch_start', play: `play ${EVIL}`, batch: 1, batches: 1, hosts: [`h${EVIL}`] },
    { event: 'task_start', task: `t${EVIL}`, handler: false, action: 'command', path: `f${EVIL}.yml:3` },
    {
      event: 'host_result',
      host: `h${EVIL}`,
      task: `t${EVIL}`,
      handler: false,
      action: 'command',
      status: 'changed',
      item: `i${EVIL}`,
      duration_ms: 5,
      result: { changed: true, diff: { before: `a${EVIL}\n`, after: `b${EVIL}\n`, after_header: EVIL } },
    },
    {
      event: 'host_result',
      host: `h${EVIL}`,
      task: `t${EVIL}`,
      handler: false,
      action: 'command',
      status: 'failed',
      duration_ms: 5,
      result: { failed: true, msg: `m${EVIL}`, stderr: `e${EVIL}` },
    },
    { event: 'rollout_stopped', ...stop },
    { event: 'recap', stats: { [`h${EVIL}`]: stats }, duration_ms: 10, rollout_stopped: stop },
  ];
}

/** Every attribute name in the page's tags (quoted values blanked first: they are the data). */
function attributeNames(page: string): string[] {
  const tags = page.replace(/="[^"]*"/g, '=""').match(/<[a-z][^>]*>/gi) ?? [];
  const names = tags.flatMap((t) => [...t.matchAll(/\s([a-z-]+)=/gi)].map((m) => m[1]!.toLowerCase()));
  return [...new Set(names)].sort();
}

describe('output: run report HTML', () => {
  it('escapeHtml escapes the five characters that matter in content and quoted attributes', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('markup escapes what it interpolates, keeps what markup made, flattens arrays, drops undefined', () => {
    const inner = markup`<b>${'<i>'}</b>`;
    const out = markup`<p title="${'"q"'}">${inner}${['<', markup`<br>`]}${undefined}${false}${3}</p>`;
    assert.equal(out.text, '<p title="&quot;q&quot;"><b>&lt;i&gt;</b>&lt;<br>3</p>');
  });

  it('host data with markup in every field renders as text: no element, no attribute from the data', () => {
    const page = renderReportHtml(buildReportModel(evilEvents()));
    // the only markup is the report's own: no script element, no img, no event handler attribute
    assert.doesNotMatch(page, /<script/i);
    assert.doesNotMatch(page, /<img/i);
    assert.deepEqual(attributeNames(page), [
      'charset',
      'class',
      'content',
      'data-host',
      'data-status',
      'data-task',
      'http-equiv',
      'id',
      'lang',
      'style',
      'title',
    ]);
    const escaped = escapeHtml(EVIL);
    for (const what of ['t', 'h', 'm', 'i', 'n', 'e'])
      assert.ok(page.includes(what + escaped), `${what}: not escaped`);
    assert.ok(page.includes(`+b${escaped}`), 'the diff line is escaped');
    assert.ok(page.includes(`p${escaped}.yml`), 'the playbook name is escaped');
  });

  it('is self-contained: no script, no external reference, a policy that forbids loading anything', () => {
    const page = renderReportHtml(buildReportModel(evilEvents()));
    assert.ok(!attributeNames(page).some((a) => a === 'src' || a === 'href'));
    assert.doesNotMatch(page, /https?:\/\//);
    assert.match(page, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
  });
});
