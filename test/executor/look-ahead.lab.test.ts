import { strict as assert } from 'node:assert';
import { loadInventory } from '../../src/inventory/index.js';
import type { LogEvent } from '../../src/output/events.js';
import { useLab } from '../helpers/lab.js';
import { runYaml, type RunOutcome } from './run-helper.js';

// The first task asks ahead for the checks of every later one. Each later task reads a file an
// earlier task changed on the host (over SFTP or by a command): an answer asked ahead that
// outlived that change would make it report `ok` and leave the file wrong (comments say how).
const PLAY = `- hosts: lab
  gather_facts: false
  tasks:
    - name: one
      copy: { content: "1\\n", dest: "{{ d }}/y.txt", mode: "0644" }
    - name: two
      # stale: y.txt would still be "2" from the run before, and this task ok
      copy: { content: "2\\n", dest: "{{ d }}/y.txt", mode: "0644" }
    - name: steady
      copy: { content: "s\\n", dest: "{{ d }}/s.txt", mode: "0644" }
    - name: by a command
      command: "sh -c 'echo changed > {{ d }}/x.txt'"
    - name: after the command
      # stale: x.txt would be "a" as asked ahead at the first task, and this task ok
      lineinfile: { path: "{{ d }}/x.txt", line: "a" }
    - name: looped
      copy: { content: "{{ item }}\\n", dest: "{{ d }}/l{{ item }}.txt", mode: "0644" }
      loop: [1, 2, 3]
`;

const changed = (o: RunOutcome, task: string, host = 'h1') => Boolean(o.result(task, host)?.result.changed);
const logs = (o: RunOutcome, re: RegExp) =>
  o.events.filter((e): e is LogEvent => e.event === 'log' && re.test(e.msg));

describe('file checks asked ahead for later tasks are used only while nothing was written @lab', function () {
  this.timeout(180_000);
  const lab = useLab({ hosts: 2 });
  const sh = async (host: string, command: string) => {
    const r = await lab.exec(host, command);
    assert.equal(r.rc, 0, `${command}: ${r.stderr}`);
    return r.stdout;
  };
  const run = (d: string, req: { check?: boolean; diff?: boolean; forks?: number } = {}) =>
    runYaml(PLAY, {
      req: { inventory: loadInventory([lab.inventory]), extraVars: { d }, verbosity: 4, ...req },
    });

  it('a later task sees what an SFTP write or a command changed since the look-ahead', async () => {
    const d = '/srv/la1';
    for (const h of ['h1', 'h2']) await sh(h, `rm -rf ${d} && mkdir -p ${d} && echo a > ${d}/x.txt`);
    const first = await run(d);
    assert.equal(first.code, 0);
    for (const forks of [5, 1]) {
      const again = await run(d, { forks });
      assert.equal(again.code, 0);
      for (const h of ['h1', 'h2']) {
        assert.ok(changed(again, 'one', h) && changed(again, 'two', h), `y.txt written twice on ${h}`);
        assert.equal(changed(again, 'steady', h), false);
        assert.ok(changed(again, 'after the command', h), `x.txt as the command left it on ${h}`);
        assert.equal(changed(again, 'looped', h), false);
        assert.equal(await sh(h, `cat ${d}/y.txt ${d}/x.txt`), '2\nchanged\na\n');
      }
      // the first task asked ahead for the four later tasks with file checks, on each host
      assert.equal(logs(again, /SFTP look-ahead of \d+ path\(s\) for 4 later task\(s\)/).length, 2);
    }
  });

  it('check mode and diff: each task compares with the file as it is on the host', async () => {
    const d = '/srv/la2';
    for (const h of ['h1', 'h2'])
      await sh(
        h,
        `rm -rf ${d} && mkdir -p ${d} && echo 2 > ${d}/y.txt && echo s > ${d}/s.txt && echo a > ${d}/x.txt`,
      );
    const before = await sh('h1', `cd ${d} && ls -la --time-style=full-iso . && cat *.txt`);
    const o = await run(d, { check: true, diff: true });
    assert.equal(o.code, 0);
    assert.ok(changed(o, 'one'), 'y.txt would become 1');
    // nothing was written: y.txt is 2 as two wants it
    assert.equal(changed(o, 'two'), false);
    assert.equal(changed(o, 'steady'), false);
    const diff = JSON.stringify(o.result('one', 'h1')?.result.diff);
    assert.match(diff, /"before":"2\\n"/);
    assert.equal(await sh('h1', `cd ${d} && ls -la --time-style=full-iso . && cat *.txt`), before);
  });
});

// A first run: every task writes, and each next task's checks are asked right behind the write
// before it (in the same packet as its rename). The server answers in order, so they must see
// that write: `same again` reports ok only if its checks saw the file `written` made.
const WRITES = `- hosts: lab
  gather_facts: false
  tasks:
    - name: written
      copy: { content: "1\\n", dest: "{{ d }}/y.txt", mode: "0644" }
    - name: same again
      copy: { content: "1\\n", dest: "{{ d }}/y.txt", mode: "0644" }
    - name: another
      copy: { content: "2\\n", dest: "{{ d }}/z.txt", mode: "0644" }
    - name: by a command
      command: "sh -c 'echo changed > {{ d }}/z.txt'"
    - name: after the command
      copy: { content: "2\\n", dest: "{{ d }}/z.txt", mode: "0644" }
`;

describe("the next task's checks asked behind a write see that write @lab", function () {
  this.timeout(180_000);
  const lab = useLab({ hosts: 2 });
  const behind = (o: RunOutcome) => logs(o, /SFTP checks: \d+ path\(s\) answered behind the last write/);
  const run = (d: string, req: { check?: boolean } = {}) =>
    runYaml(WRITES, {
      req: { inventory: loadInventory([lab.inventory]), extraVars: { d }, verbosity: 4, ...req },
    });

  it('a task after a write is answered behind it, and never across a command', async () => {
    const d = '/srv/bw1';
    for (const h of ['h1', 'h2']) {
      const r = await lab.exec(h, `rm -rf ${d} && mkdir -p ${d}`);
      assert.equal(r.rc, 0, r.stderr);
    }
    const o = await run(d);
    assert.equal(o.code, 0);
    for (const h of ['h1', 'h2']) {
      assert.ok(changed(o, 'written', h));
      assert.equal(changed(o, 'same again', h), false, `the checks of 'same again' saw y.txt on ${h}`);
      assert.ok(changed(o, 'another', h));
      assert.ok(changed(o, 'after the command', h), `z.txt as the command left it on ${h}`);
      assert.equal((await lab.exec(h, `cat ${d}/y.txt ${d}/z.txt`)).stdout, '1\n2\n');
    }
    // 'same again' after 'written' on each host; 'another' follows a task that wrote nothing (it
    // asks for itself), and 'after the command' follows a command
    assert.equal(behind(o).length, 2);
    // check mode writes nothing: nothing is asked behind a write
    const check = await run(d, { check: true });
    assert.equal(check.code, 0);
    assert.equal(behind(check).length, 0);
  });
});
