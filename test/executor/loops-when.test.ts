import { strict as assert } from 'node:assert';
import { runYaml } from './run-helper.js';

const play = (tasks: string, vars = ''): string =>
  `- hosts: h1\n  gather_facts: false\n${vars}  tasks:\n${tasks}`;

describe('executor: when and loops', () => {
  it('when: a string, a list (ANDed), and a false one skips', async () => {
    const r = await runYaml(
      play(
        `    - debug: msg=one
      when: x == 1
    - debug: msg=two
      when: [x == 1, z == 2]
    - debug: msg=three
      when: [x == 1, z == 3]
`,
        '  vars: {x: 1, z: 2}\n',
      ),
    );
    assert.deepEqual(r.msgs, ['h1: one', 'h1: two']);
    assert.equal(r.recap.h1!.skipped, 1);
    assert.equal(r.code, 0);
  });

  it('loop and with_items register a results list; one host_result per item then one for the task', async () => {
    const r = await runYaml(
      play(`    - name: loop
      set_fact: {last: "{{ item }}"}
      loop: [a, b]
      register: res
    - name: items
      debug: msg="{{ item }}"
      with_items: [[1, 2], 3]
    - debug: msg="{{ res.results | map(attribute='item') | join(',') }} {{ res.results | length }}"
`),
    );
    const items = r.results.filter((e) => e.task === 'items');
    assert.deepEqual(
      items.filter((e) => e.item !== undefined).map((e) => e.item),
      [1, 2, 3],
    );
    assert.deepEqual((r.result('items')!.result.results as unknown[]).length, 3);
    assert.ok(r.msgs.includes('h1: a,b 2'));
  });

  it('with_dict gives key/value items; loop_control loop_var, index_var, label', async () => {
    const r = await runYaml(
      play(`    - debug: msg="{{ i }} {{ entry.key }}={{ entry.value }}"
      with_dict: {a: 1}
      loop_control: {loop_var: entry, index_var: i, label: "{{ entry.key }}"}
`),
    );
    const item = r.results.find((e) => e.item !== undefined)!;
    assert.equal(item.result.msg, '0 a=1');
    assert.equal(item.label, 'a');
  });

  it('loop_control pause waits between items', async () => {
    const t0 = Date.now();
    await runYaml(
      play(`    - debug: msg={{ item }}\n      loop: [1, 2, 3]\n      loop_control: {pause: 0.2}\n`),
    );
    assert.ok(Date.now() - t0 >= 400);
  });

  it('when is evaluated per loop item', async () => {
    const r = await runYaml(
      play(`    - debug: msg={{ item }}\n      loop: [1, 2, 3]\n      when: item != 2\n      register: r\n`),
    );
    const statuses = r.results.filter((e) => e.item !== undefined).map((e) => e.status);
    assert.deepEqual(statuses, ['ok', 'skipped', 'ok']);
    assert.equal(r.recap.h1!.ok, 1);
  });

  it("a skipped task registers Ansible 2.14's result: changed, skipped, skip_reason", async () => {
    const r = await runYaml(
      play(`    - command: echo
      when: false
      register: s
    - debug: msg="{{ s | dictsort }}"
`),
    );
    assert.deepEqual(r.msgs, [
      `h1: [["changed",false],["skip_reason","Conditional result was False"],["skipped",true]]`,
    ]);
  });
});
