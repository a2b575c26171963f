import { strict as assert } from 'node:assert';
import { runYaml } from './run-helper.js';
import { MemoryOutput } from '../../src/output/json.js';
import { InputError } from '../../src/errors.js';
import type { PlayStartEvent } from '../../src/output/events.js';

const bad = /the field '(\w+)' has an invalid value \(maybe\), and could not be converted to a bool/;

describe('executor: boolean keywords that are no boolean once templated', () => {
  it('fail the task with the field named; no_log hides that failure, ignore_errors ignores it', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  vars: {word: maybe}
  tasks:
    - name: once
      set_fact: {a: 1}
      run_once: "{{ word }}"
      ignore_errors: true
    - name: hidden
      set_fact: {b: 1}
      no_log: "{{ word }}"
      ignore_errors: true
    - name: ignored
      set_fact: {c: 1}
      ignore_errors: "{{ word }}"
    - name: looped
      set_fact: {d: "{{ item }}"}
      delegate_facts: "{{ item }}"
      loop: ['yes', 'maybe']
      ignore_errors: true
    - debug: {msg: "{{ a is defined }} {{ b is defined }} {{ c is defined }} {{ d is defined }}"}
`,
    );
    assert.match(String(r.result('once')!.result.msg), bad);
    assert.equal(bad.exec(String(r.result('once')!.result.msg))![1], 'run_once');
    assert.equal(r.result('hidden')!.result.msg, undefined);
    assert.match(String(r.result('hidden')!.result.censored), /no_log: true/);
    assert.equal(r.result('ignored')!.ignored, true);
    assert.equal(bad.exec(String(r.result('ignored')!.result.msg))![1], 'ignore_errors');
    assert.equal(bad.exec(String(r.result('looped')!.result.msg))![1], 'delegate_facts');
    assert.deepEqual(r.msgs, ['h1: False False False False']);
    assert.deepEqual(r.recap.h1, {
      ok: 5,
      changed: 0,
      unreachable: 0,
      failed: 0,
      skipped: 0,
      rescued: 0,
      ignored: 4,
    });
  });

  for (const [name, play] of [
    ['gather_facts', `  gather_facts: "{{ word }}"\n  vars: {word: maybe}\n`],
    ['force_handlers', `  gather_facts: false\n  force_handlers: "{{ word }}"\n  vars_files: [words.yml]\n`],
  ] as const)
    it(`${name}: stops the run before the play that has it, naming the play's line`, async () => {
      const out = new MemoryOutput();
      const run = runYaml(
        `- hosts: h1\n  gather_facts: false\n  tasks:\n    - debug: {msg: first}\n- hosts: h1,h2\n${play}  tasks:\n    - debug: {msg: second}\n`,
        { files: { 'words.yml': 'word: maybe\n' }, req: { output: out } },
      );
      await assert.rejects(run, (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.format(), /play\.yml:5:3: play "h1,h2": the field '(\w+)' has an invalid value/);
        assert.equal(bad.exec(e.message)![1], name);
        return true;
      });
      const plays = out.events.filter((e): e is PlayStartEvent => e.event === 'play_start');
      assert.deepEqual(
        plays.map((p) => p.name),
        ['h1'],
      );
      const msgs = out.events.flatMap((e) => (e.event === 'host_result' ? [e.result.msg] : []));
      assert.deepEqual(msgs, ['first']);
    });

  for (const name of ['public', 'allow_duplicates', 'rolespec_validate'])
    it(`include_role's ${name}: stops the whole run at the include, which ignore_errors and rescue do not take`, async () => {
      const out = new MemoryOutput();
      const run = runYaml(
        `- hosts: h1
  gather_facts: false
  tasks:
    - block:
        - include_role: {name: r, ${name}: "{{ 'maybe' }}"}
          ignore_errors: true
      rescue:
        - debug: {msg: rescued}
    - debug: {msg: after}
`,
        { files: { 'roles/r/tasks/main.yml': '- debug: {msg: role}\n' }, req: { output: out } },
      );
      await assert.rejects(run, (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.format(), /play\.yml:5:11: include_role: the field '(\w+)' has an invalid value/);
        assert.equal(bad.exec(e.message)![1], name);
        return true;
      });
      assert.deepEqual(
        out.events.filter((e) => e.event === 'host_result'),
        [],
      );
    });

  for (const [what, task] of [
    ['run_once "{{ \'no\' }}"', `fail: {msg: boom}\n      run_once: "{{ 'no' }}"`],
    ['add_host', 'add_host: {groups: nameless}'],
  ])
    it(`a failure of a task sent to the first host only (${what}) ends the play for every host`, async () => {
      const r = await runYaml(
        `- hosts: web\n  gather_facts: false\n  tasks:\n    - ${task}\n    - debug: {msg: after}\n- hosts: h2\n  gather_facts: false\n  tasks:\n    - debug: {msg: next play}\n`,
      );
      assert.equal(r.recap.h1!.failed, 1);
      assert.deepEqual(r.msgs, []);
      assert.equal(r.code, 2);
    });

  it('a no_log rendered with each item hides that item only; the whole result stays hidden', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - name: items\n      debug: {msg: "item {{ item }}"}\n      no_log: "{{ item == 2 }}"\n      loop: [1, 2, 3]\n`,
    );
    const items = r.results.filter((e) => e.task === 'items' && e.item !== undefined);
    assert.deepEqual(
      items.map((e) => [e.item, e.result.msg ?? e.result.censored]),
      [
        [1, 'item 1'],
        [
          '(censored)',
          "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
        ],
        [3, 'item 3'],
      ],
    );
    // the loop's own result (--json) shows no item: each entry is censored
    assert.doesNotMatch(JSON.stringify(r.result('items')!.result), /item \d/);
  });
});
