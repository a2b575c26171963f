// The run report's model, read from the events of real runs (local hosts): which result lands
// in which cell, what is a failure (ignored, rescued, a loop's item), which diffs, which batches.
import { strict as assert } from 'node:assert';
import { buildReportModel, reportedPart, type ReportModel } from '../../src/output/report-model.js';
import { runYaml } from '../executor/run-helper.js';

const cell = (m: ReportModel, host: string, task: string): string => {
  const t = m.tasks.find((x) => x.name === task);
  assert.ok(t, `no column for task '${task}' in ${m.tasks.map((x) => x.name).join(', ')}`);
  const c = m.cells[host]![t.id];
  if (!c) return '-';
  return c.status + (c.ignored ? ' ignored' : '') + (c.rescued ? ' rescued' : '');
};

describe('output: run report model', function () {
  this.timeout(60000);

  it('the part of each result a run keeps for its report makes the same model as the whole results', async () => {
    const r = await runYaml(
      `
- hosts: web
  gather_facts: false
  tasks:
    - name: write a file
      copy: {dest: "@DIR@/out-{{ inventory_hostname }}.txt", content: "hello {{ inventory_hostname }}\\n"}
    - name: long output
      command: "seq 1 2000"
    - name: items, one failing with stderr
      shell: "echo out-{{ item }}; test {{ item }} != bad || { echo 'no good' >&2; exit 3; }"
      loop: [good, bad]
      ignore_errors: true
    - name: files in a loop
      copy: {dest: "@DIR@/loop-{{ item }}-{{ inventory_hostname }}.txt", content: "{{ item }}\\n"}
      loop: [a, b]
    - name: fails with stderr
      command: "ls /nonexistent-report-part"
`,
      { req: { diff: true } },
    );
    assert.equal(r.code, 2);
    const kept = r.events.map((ev) => (ev.event === 'host_result' ? reportedPart(ev) : ev));
    assert.deepEqual(buildReportModel(kept), buildReportModel(r.events));
    const m = buildReportModel(kept);
    assert.ok(m.diffs.length >= 3, 'the diffs are kept');
    assert.ok(
      m.failures.some((f) => f.msg.includes('No such file')),
      'a failure keeps its stderr',
    );
    assert.ok(!JSON.stringify(kept).includes('1999'), "a command's whole output is not kept");
  });

  it('a rollout in two batches: one column per task, cells per host, failures with file:line, diffs, the stopping batch', async () => {
    const r = await runYaml(
      `
- hosts: web
  gather_facts: false
  serial: 1
  tasks:
    - name: write a file
      copy: {dest: "@DIR@/out-{{ inventory_hostname }}.txt", content: "hello {{ inventory_hostname }}\\n"}
    - name: items
      command: "test {{ item }} != bad-{{ inventory_hostname }}"
      loop: [good, bad-h1]
      ignore_errors: true
    - block:
        - name: tried
          fail: msg=first
          when: inventory_hostname == 'h1'
      rescue:
        - name: rescuer
          debug: msg=rescued
    - name: the gate
      fail: msg="gate closed on {{ inventory_hostname }}"
      when: inventory_hostname == 'h2'
    - name: after
      debug: msg=never
      when: false
`,
      { req: { diff: true } },
    );
    assert.equal(r.code, 2);
    const m = buildReportModel(r.events);
    assert.deepEqual(m.hosts, ['h1', 'h2']);
    assert.deepEqual(
      m.tasks.map((t) => t.name),
      ['write a file', 'items', 'tried', 'rescuer', 'the gate', 'after'],
      'batch 2 runs the same tasks in the same columns',
    );
    assert.ok(m.tasks.every((t) => t.path?.startsWith(`${r.dir}/play.yml:`)));
    const grid = m.hosts.map((h) => m.tasks.map((t) => cell(m, h, t.name)));
    assert.deepEqual(grid, [
      ['changed', 'failed ignored', 'failed rescued', 'ok', 'skipped', 'skipped'],
      ['changed', 'changed', 'skipped', '-', 'failed', '-'],
    ]);

    // the loop's failed item is the failure, not the summary repeating it
    const items = m.failures.filter((f) => f.task === 'items');
    assert.deepEqual(
      items.map((f) => [f.host, f.item, f.ignored]),
      [['h1', 'bad-h1', true]],
    );
    assert.match(items[0]!.msg, /non-zero return code/);
    const tried = m.failures.find((f) => f.task === 'tried')!;
    assert.equal(tried.rescued, true);
    const gate = m.failures.find((f) => f.task === 'the gate')!;
    assert.deepEqual(
      [gate.host, gate.msg, gate.ignored, gate.rescued],
      ['h2', 'gate closed on h2', false, false],
    );
    assert.match(gate.path!, /play\.yml:19$/);

    assert.deepEqual(
      m.diffs.map((d) => d.host),
      ['h1', 'h2'],
    );
    assert.match(m.diffs[1]!.text, /^\+hello h2$/m);

    assert.deepEqual(
      m.batches.map((b) => [b.batch, b.batches, b.hosts.join(','), b.stopped]),
      [
        [1, 2, 'h1', false],
        [2, 2, 'h2', true],
      ],
    );
    assert.equal(m.rolloutStopped?.batch, 2);
    assert.equal(m.stats?.h2?.failed, 1);
    // the timeline has one entry per task a host ran, in order
    assert.deepEqual(
      m.timeline.h2!.map((x) => m.tasks[x.task]!.name),
      ['write a file', 'items', 'tried', 'the gate'],
    );
  });

  it('a task run twice for a host (include_tasks in a loop) gets a column per run', async () => {
    const r = await runYaml(
      `
- hosts: web
  gather_facts: false
  tasks:
    - include_tasks: inc.yml
      loop: [1, 2]
`,
      { files: { 'inc.yml': '- name: inner\n  debug: msg="{{ item }}"\n' } },
    );
    assert.equal(r.code, 0);
    const m = buildReportModel(r.events);
    const inner = m.tasks.filter((t) => t.name === 'inner');
    assert.equal(inner.length, 2, m.tasks.map((t) => t.name).join(', '));
    for (const h of ['h1', 'h2']) for (const t of inner) assert.equal(m.cells[h]![t.id]?.status, 'ok');
  });

  it('a run that never reached its recap still gives a model (no stats)', () => {
    const m = buildReportModel([
      { event: 'playbook_start', playbook: 'p.yml' },
      { event: 'play_start', name: 'p', hosts: ['a'] },
      { event: 'task_start', task: 't', handler: false, action: 'ping' },
    ]);
    assert.deepEqual(m.hosts, ['a']);
    assert.equal(m.stats, undefined);
    assert.deepEqual(m.cells.a, {});
  });
});
