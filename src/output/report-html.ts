import type { HostStatus } from './events.js';
import { markup, type SafeHtml } from './html.js';
import type { ReportCell, ReportModel, ReportTask } from './report-model.js';

/**
 * The run report as one HTML file: inline CSS, no script, no external asset, so it opens from
 * disk anywhere. Every value goes through `markup` (escaped).
 */

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}
h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd}
.meta{color:#555}.legend span{margin-right:.8em}
table.grid{border-collapse:collapse;font-size:12px}
.grid th,.grid td{border:1px solid #ccc;padding:2px 5px;white-space:nowrap}
.grid thead th{vertical-align:bottom;text-align:left;max-width:14em;overflow:hidden;text-overflow:ellipsis}
.grid th.host{text-align:left;position:sticky;left:0;background:#fafafa}
.s-ok{background:#c8e6c9}.s-changed{background:#ffe082}.s-failed{background:#ef9a9a}
.s-unreachable{background:#ce93d8}.s-skipped{background:#b3e5fc}.s-none{background:#f5f5f5;color:#999}
.ignored{background-image:repeating-linear-gradient(45deg,transparent 0 4px,rgba(255,255,255,.6) 4px 8px)}
.rescued{outline:2px solid #6a1b9a;outline-offset:-2px}
.timeline .row{display:flex;align-items:center;margin:2px 0}
.timeline .name{width:12em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.timeline .bars{display:flex;flex:1;height:14px}
.timeline .bars span{display:block;height:100%;min-width:1px;border-right:1px solid #fff}
.timeline .total{width:6em;text-align:right;color:#555}
.failure,.diff{border:1px solid #ddd;border-radius:4px;margin:.5em 0;padding:.4em .6em;content-visibility:auto;contain-intrinsic-size:auto 8em}
.failure.hard{border-left:5px solid #c62828}.failure.soft{border-left:5px solid #999}
pre{margin:.3em 0;white-space:pre-wrap;word-break:break-word;font-size:12px}
.d-add{color:#1b5e20;background:#e8f5e9}.d-del{color:#b71c1c;background:#ffebee}.d-hunk{color:#01579b}
.batch.stopped{font-weight:bold;color:#c62828}
`;

const LABEL: Record<HostStatus, string> = {
  ok: 'ok',
  changed: 'changed',
  failed: 'failed',
  skipped: 'skipped',
  unreachable: 'unreachable',
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)}s`;
}

function cellText(c: ReportCell): string {
  return LABEL[c.status] + (c.ignored ? ' (ignored)' : '') + (c.rescued ? ' (rescued)' : '');
}

function taskTitle(t: ReportTask): string {
  return `${t.handler ? 'RUNNING HANDLER' : 'TASK'} [${t.name}] (${t.action}) ${t.path ?? ''}`.trim();
}

function grid(m: ReportModel): SafeHtml {
  const head = m.tasks.map((t) => markup`<th title="${taskTitle(t)}">${t.name}</th>`);
  const rows = m.hosts.map((h) => {
    const cells = m.tasks.map((t) => {
      const c = m.cells[h]![t.id];
      if (!c) return markup`<td class="s-none" data-host="${h}" data-task="${t.id}">-</td>`;
      const cls = `s-${c.status}${c.ignored ? ' ignored' : ''}${c.rescued ? ' rescued' : ''}`;
      const title = `${h} / ${t.name}: ${cellText(c)}, ${seconds(c.durationMs)}`;
      return markup`<td class="${cls}" data-host="${h}" data-task="${t.id}" data-status="${c.status}" title="${title}">${cellText(c)}</td>`;
    });
    return markup`<tr><th class="host">${h}</th>${cells}</tr>\n`;
  });
  return table('grid', [markup`<th>host \\ task</th>`, ...head], rows);
}

function table(id: string, head: SafeHtml[], rows: SafeHtml[]): SafeHtml {
  return markup`<table class="grid" id="${id}">
    <thead>
      <tr>
        ${head}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function recapTable(m: ReportModel): SafeHtml {
  if (!m.stats) return markup`<p>No recap: the run did not finish.</p>`;
  const keys = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;
  const rows = Object.entries(m.stats).map(
    ([h, s]) =>
      markup`<tr>
        <th class="host">${h}</th>
        ${keys.map((k) => markup`<td>${s[k]}</td>`)}
      </tr>`,
  );
  return table('recap', [markup`<th>host</th>`, ...keys.map((k) => markup`<th>${k}</th>`)], rows);
}

const BAR_COLOR: Record<HostStatus, string> = {
  ok: '#66bb6a',
  changed: '#ffb300',
  failed: '#e53935',
  unreachable: '#8e24aa',
  skipped: '#4fc3f7',
};

function timeline(m: ReportModel): SafeHtml {
  const total = (h: string): number => m.timeline[h]!.reduce((n, x) => n + x.durationMs, 0);
  const longest = Math.max(1, ...m.hosts.map(total));
  const rows = m.hosts.map((h) => {
    const bars = m.timeline[h]!.map((x) => {
      const t = m.tasks[x.task]!;
      const width = ((x.durationMs / longest) * 100).toFixed(3);
      return markup`<span
        style="${`width:${width}%;background:${BAR_COLOR[x.status]}`}"
        title="${`${t.name}: ${seconds(x.durationMs)} (${x.status})`}"
      ></span>`;
    });
    return markup`<div class="row">
      <div class="name">${h}</div>
      <div class="bars">${bars}</div>
      <div class="total">${seconds(total(h))}</div>
    </div>`;
  });
  return markup`<div class="timeline" id="timeline">${rows}</div>`;
}

function failures(m: ReportModel): SafeHtml {
  if (!m.failures.length) return markup`<p>No failures.</p>`;
  return markup`${m.failures.map((f) => {
    const mark = f.ignored ? ' (ignored)' : f.rescued ? ' (rescued)' : '';
    const cls = f.ignored || f.rescued ? 'failure soft' : 'failure hard';
    return markup`<div class="${cls}">
      <div>
        <b>${f.host}</b>: ${f.status}${mark} in
        <b>${f.task}</b>${f.item !== undefined ? markup` (item=${f.item})` : ''}
        <span class="meta">${f.path ?? ''}</span>
      </div>
      <pre class="msg">${f.msg}</pre>
    </div>`;
  })}`;
}

function diffClass(l: string): string {
  if (l.startsWith('+++') || l.startsWith('---')) return '';
  if (l.startsWith('+')) return 'd-add';
  if (l.startsWith('-')) return 'd-del';
  return l.startsWith('@@') ? 'd-hunk' : '';
}

function diffLines(text: string): SafeHtml[] {
  return text.split('\n').map((l) => {
    const cls = diffClass(l);
    return cls ? markup`<span class="${cls}">${l}</span>\n` : markup`${l}\n`;
  });
}

function diffs(m: ReportModel): SafeHtml {
  if (!m.diffs.length) return markup`<p>No diffs (run with --diff to record them).</p>`;
  return markup`${m.diffs.map(
    (d) =>
      markup`<div class="diff">
        <div><b>${d.host}</b>: ${d.task}${d.item !== undefined ? markup` (item=${d.item})` : ''}</div>
        <pre>${diffLines(d.text)}</pre>
      </div>`,
  )}`;
}

function batches(m: ReportModel): SafeHtml {
  if (!m.batches.length) return markup`<p>No rollout: no play ran in serial batches.</p>`;
  const items = m.batches.map(
    (b) =>
      markup`<li class="${b.stopped ? 'batch stopped' : 'batch'}">
        ${b.play}: batch ${b.batch} of ${b.batches}:
        ${b.hosts.join(' ')}${b.stopped ? ' (stopped the rollout)' : ''}
      </li>`,
  );
  const s = m.rolloutStopped;
  const stop = s
    ? markup`<p class="batch stopped">
        Rollout stopped [${s.play}] after batch ${s.batch} of ${s.batches}. Not reached:
        ${s.not_reached.length ? s.not_reached.join(' ') : '(none: it was the last batch)'}
      </p>`
    : '';
  return markup`<ol id="batches">
      ${items}
    </ol>
    ${stop}`;
}

export function renderReportHtml(m: ReportModel, generatedAt: Date = new Date()): string {
  const failed = m.failures.filter((f) => !f.ignored && !f.rescued).length;
  const legend = (['ok', 'changed', 'failed', 'skipped', 'unreachable'] as const).map(
    (s) => markup`<span class="${`s-${s}`}">${s}</span>`,
  );
  const page = markup`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
        <title>fabplay run report: ${m.playbooks.join(', ')}</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <h1>fabplay run report</h1>
        <p class="meta">
          ${m.playbooks.join(', ')} &middot; ${m.hosts.length} hosts, ${m.tasks.length}
          tasks${m.durationMs !== undefined ? markup` &middot; ${seconds(m.durationMs)}` : ''} &middot;
          ${failed} failed (${m.failures.length - failed} ignored or rescued) &middot; generated
          ${generatedAt.toISOString()}
        </p>
        <h2>Hosts x tasks</h2>
        <p class="legend">
          ${legend} <span class="s-failed ignored">ignored</span> <span class="rescued">rescued</span>
        </p>
        ${grid(m)}
        <h2>Recap</h2>
        ${recapTable(m)}
        <h2>Timeline</h2>
        <p class="meta">Each host's task durations, in the order they ran (width: time; color: outcome).</p>
        ${timeline(m)}
        <h2>Failures</h2>
        <div id="failures">${failures(m)}</div>
        <h2>Diffs</h2>
        <div id="diffs">${diffs(m)}</div>
        <h2>Batches</h2>
        ${batches(m)}
      </body>
    </html> `;
  return page.text;
}
