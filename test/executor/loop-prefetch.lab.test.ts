import { strict as assert } from 'node:assert';
import { loadInventory } from '../../src/inventory/index.js';
import type { HostResultEvent, LogEvent } from '../../src/output/events.js';
import { useLab } from '../helpers/lab.js';
import { runYaml, type RunOutcome } from './run-helper.js';

// Each loop's later items look at what its earlier items changed: a prefetched answer that
// outlived a change would give a different result or file (comments say how).
const PLAY = `- hosts: h1
  gather_facts: false
  tasks:
    - name: appended
      # stale: the second item would write x, b (losing a)
      lineinfile: { path: "{{ d }}/a.conf", line: "{{ item }}" }
      loop: [a, b]
    - name: same line twice
      # stale: the second item would find x=0 and change it again
      lineinfile: { path: "{{ d }}/b.conf", regexp: "^x=", line: "{{ item }}" }
      loop: [x=1, x=1]
    - name: same content twice
      copy: { content: "{{ item }}\\n", dest: "{{ d }}/c.txt", mode: "0644" }
      loop: [one, one]
    - name: written by commands
      # backup: the write goes through commands, not SFTP
      lineinfile: { path: "{{ d }}/d.conf", line: "{{ item }}", backup: true }
      loop: [a, b]
    - name: one directory twice
      file: { path: "{{ d }}/e", state: directory }
      loop: [1, 2]
    - name: one item skipped
      # its file is not read ahead: 3 paths (2 files and their directory)
      copy: { content: "{{ item }}\\n", dest: "{{ d }}/s{{ item }}.txt" }
      loop: [1, 2, 3]
      when: item != 2
`;

const items = (o: RunOutcome, task: string) =>
  o.results.filter((r): r is HostResultEvent => r.task === task && r.item !== undefined);
const changedOf = (o: RunOutcome, task: string) => items(o, task).map((r) => Boolean(r.result.changed));
const prefetches = (o: RunOutcome) =>
  o.events.filter((e): e is LogEvent => e.event === 'log' && /SFTP prefetch/.test(e.msg)).length;
const execs = (o: RunOutcome) =>
  o.events.filter((e): e is LogEvent => e.event === 'log' && /> EXEC /.test(e.msg)).length;

describe('a loop fetches its file checks ahead, and each item still sees what the earlier ones changed @lab', function () {
  this.timeout(180_000);
  const lab = useLab({ hosts: 1 });
  const sh = async (command: string) => {
    const r = await lab.exec('h1', command);
    assert.equal(r.rc, 0, `${command}: ${r.stderr}`);
    return r.stdout;
  };
  const run = (d: string, req: { check?: boolean; diff?: boolean } = {}) =>
    runYaml(PLAY, {
      req: { inventory: loadInventory([lab.inventory]), extraVars: { d }, verbosity: 4, ...req },
    });
  const seed = (d: string) =>
    sh(`rm -rf ${d} && mkdir -p ${d} && for f in a b d; do echo x=0 > ${d}/$f.conf; done`);

  it('runs as item by item: results, files and diffs; the re-run asks ahead and runs no command', async () => {
    const d = '/srv/pf1';
    await seed(d);
    const first = await run(d, { diff: true });
    assert.equal(first.code, 0);
    assert.deepEqual(changedOf(first, 'appended'), [true, true]);
    assert.deepEqual(changedOf(first, 'same line twice'), [true, false]);
    assert.deepEqual(changedOf(first, 'same content twice'), [true, false]);
    assert.deepEqual(changedOf(first, 'written by commands'), [true, true]);
    assert.deepEqual(changedOf(first, 'one directory twice'), [true, false]);
    assert.equal(
      await sh(`cat ${d}/a.conf ${d}/b.conf ${d}/c.txt ${d}/d.conf`),
      'x=0\na\nb\nx=1\none\nx=0\na\nb\n',
    );
    // the second item's diff starts from the first item's file
    const diff = JSON.stringify(items(first, 'appended')[1]!.result.diff);
    assert.match(diff, /"before":"x=0\\na\\n"/);
    assert.match(diff, /"after":"x=0\\na\\nb\\n"/);

    const again = await run(d);
    assert.equal(again.code, 0);
    for (const t of ['appended', 'same line twice', 'same content twice', 'written by commands'])
      assert.deepEqual(changedOf(again, t), [false, false], t);
    assert.deepEqual(changedOf(again, 'one directory twice'), [false, false]);
    // every loop asks its paths ahead, the first one too: it connects, as its items would
    assert.equal(prefetches(again), 6, 'each loop asked its paths ahead');
    assert.ok(
      again.events.some((e) => e.event === 'log' && e.msg.includes('SFTP prefetch of 3 path(s)')),
      'the skipped item is not read ahead',
    );
    assert.equal(execs(again), 0, 'every check answered over SFTP');
  });

  it('check mode: every item sees the file as it is (nothing written), with the same diffs', async () => {
    const d = '/srv/pf2';
    await seed(d);
    const before = await sh(`cd ${d} && ls -la --time-style=full-iso . && cat *.conf`);
    const o = await run(d, { check: true, diff: true });
    assert.equal(o.code, 0);
    assert.deepEqual(changedOf(o, 'appended'), [true, true]);
    // neither item's change was made: the second compares with x=0 too
    assert.deepEqual(changedOf(o, 'same line twice'), [true, true]);
    assert.deepEqual(changedOf(o, 'same content twice'), [true, true]);
    assert.deepEqual(changedOf(o, 'one directory twice'), [true, true]);
    const diff = JSON.stringify(items(o, 'appended')[1]!.result.diff);
    assert.match(diff, /"before":"x=0\\n"/);
    assert.match(diff, /"after":"x=0\\nb\\n"/);
    assert.equal(await sh(`cd ${d} && ls -la --time-style=full-iso . && cat *.conf`), before);
  });
});
