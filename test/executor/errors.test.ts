import { strict as assert } from 'node:assert';
import { runYaml } from './run-helper.js';

const play = (tasks: string, extra = ''): string =>
  `- hosts: h1\n  gather_facts: false\n${extra}  tasks:\n${tasks}`;

describe('executor: failures, blocks, retries', () => {
  it('changed_when and failed_when use the registered result', async () => {
    const r = await runYaml(
      play(`    - name: t
      set_fact: {v: 3}
      register: out
      changed_when: true
      failed_when: out.ansible_facts.v == 4
    - name: f
      debug: msg=x
      register: d
      failed_when: d.msg == 'x'
`),
    );
    assert.equal(r.result('t')!.status, 'changed');
    assert.equal(r.result('f')!.status, 'failed');
    assert.equal(r.code, 2);
    assert.deepEqual(r.recap.h1, {
      ok: 1,
      changed: 1,
      unreachable: 0,
      failed: 1,
      skipped: 0,
      rescued: 0,
      ignored: 0,
    });
  });

  it('a failed_when that cannot be evaluated fails the task but keeps its result', async () => {
    const r = await runYaml(
      play(`    - name: t
      debug: msg=kept
      failed_when: boomboomboom
`),
    );
    const t = r.result('t')!;
    assert.equal(t.status, 'failed');
    assert.equal(t.result.msg, 'kept');
    assert.match(
      String(t.result.failed_when_result),
      /The conditional check 'boomboomboom' failed.*boomboomboom/,
    );
  });

  it('ignore_errors counts ok and ignored, the play goes on', async () => {
    const r = await runYaml(
      play(`    - fail: msg=boom\n      ignore_errors: true\n    - debug: msg=after\n`),
    );
    assert.deepEqual(r.msgs, ['h1: after']);
    assert.equal(r.recap.h1!.ignored, 1);
    assert.equal(r.recap.h1!.ok, 2);
    assert.equal(r.code, 0);
  });

  it('block/rescue/always: ansible_failed_task and ansible_failed_result; rescued counted', async () => {
    const r = await runYaml(
      play(`    - block:
        - name: breaks
          fail: msg=broken
        - debug: msg=never
      rescue:
        - debug: msg="rescued {{ ansible_failed_task.name }} {{ ansible_failed_result.msg }}"
      always:
        - debug: msg=always
    - debug: msg=after
`),
    );
    assert.deepEqual(r.msgs, ['h1: rescued breaks broken', 'h1: always', 'h1: after']);
    assert.equal(r.recap.h1!.rescued, 1);
    assert.equal(r.recap.h1!.failed, 0);
    assert.equal(r.code, 0);
  });

  it('always runs after an unrescued failure, then the host stops', async () => {
    const r = await runYaml(
      play(`    - block:
        - fail: msg=no
      always:
        - debug: msg=always
    - debug: msg=after
`),
    );
    assert.deepEqual(r.msgs, ['h1: always']);
    assert.equal(r.code, 2);
  });

  it('retries/until/delay: retries until the condition holds, with attempts', async () => {
    const r = await runYaml(
      play(`    - name: count
      set_fact: {n: 1}
      register: res
      until: res.attempts is defined and res.attempts >= 2
      retries: 3
      delay: 0
    - debug: msg="{{ res.attempts }}"
`),
    );
    assert.deepEqual(r.msgs, ['h1: 2']);
  });

  it('until never true: fails after retries', async () => {
    const r = await runYaml(
      play(`    - debug: msg=x\n      register: r\n      until: false\n      retries: 1\n      delay: 0\n`),
    );
    assert.equal(r.results.at(-1)!.status, 'failed');
    // two attempts made; Ansible reports one fewer once the retries run out
    assert.equal(r.results.at(-1)!.result.attempts, 1);
  });

  it('an undefined variable fails the task naming the variable, the expression and file:line', async () => {
    const r = await runYaml(play(`    - name: bad\n      debug: msg="{{ nosuchvar }}"\n`));
    const res = r.result('bad')!;
    assert.equal(res.status, 'failed');
    const msg = String(res.result.msg);
    assert.match(msg, /nosuchvar/);
    assert.match(msg, /play\.yml:4/);
    assert.equal(r.code, 2);
  });

  it("a template error in a loop item's arguments fails the whole task: no results, no later items, no retries", async () => {
    const r = await runYaml(
      play(`    - name: bad
      command: echo {{ item.x }}
      loop: [{x: 1}, {y: 2}, {x: 3}]
      register: out
      failed_when: false
      until: out is success
      retries: 3
      delay: 5
      ignore_errors: true
    - debug: msg="{{ out.keys() | sort }}"
`),
    );
    const items = r.results.filter((e) => e.task === 'bad' && e.item !== undefined);
    // the first item ran; the third never did
    assert.deepEqual(
      items.map((e) => [e.item, e.status]),
      [[{ x: 1 }, 'changed']],
    );
    const res = r.result('bad')!;
    assert.equal(res.status, 'failed');
    assert.equal(res.ignored, true);
    assert.match(String(res.result.msg), /^The task includes an option with an undefined variable/);
    assert.deepEqual(r.msgs, ['h1: ["failed","msg"]']);
    assert.equal(r.recap.h1!.changed, 0);
  });

  it('a bad choice or boolean names the argument, the allowed values and the value given', async () => {
    // ansible-playbook 2.14 -c local prints, for the first and the third task:
    //   "msg": "value of state must be one of: absent, directory, file, hard, link, touch, got: folder"
    //   "msg": "value of state must be one of: file, directory, got: folder"
    const r = await runYaml(
      play(`    - name: choice
      file: {path: "@DIR@/x", state: folder}
      ignore_errors: true
    - name: boolean
      copy: {dest: "@DIR@/y", content: a, backup: maybe}
      ignore_errors: true
    - name: kv choice
      tempfile: state=folder
      ignore_errors: true
`),
    );
    // the task's file:line:col first, as the preflight names it
    const msg = (t: string) => String(r.result(t)!.result.msg).replace(/^\S+\/play\.yml:\d+:\d+: /, '');
    assert.equal(
      msg('choice'),
      "module 'file': argument 'state' must be one of: absent, directory, file, hard, link, touch, got: folder",
    );
    assert.equal(
      msg('boolean'),
      `module 'copy': argument 'backup' must be a boolean (true/false, yes/no), got "maybe"`,
    );
    assert.equal(
      msg('kv choice'),
      "module 'tempfile': argument 'state' must be one of: file, directory, got: folder",
    );
    assert.equal(r.recap.h1!.ignored, 3);
  });

  it("a missing required argument fails in Ansible's words, under none of its names", async () => {
    // ansible-playbook 2.14 -c local: {"msg": "missing required arguments: path"} and
    // {"msg": "dest is required"} (copy's action plugin), with no place in either
    const r = await runYaml(
      play(`    - name: no path
      file: {state: hard}
      ignore_errors: true
    - name: no dest
      copy: {content: a}
      ignore_errors: true
`),
    );
    assert.equal(r.result('no path')!.result.msg, 'missing required arguments: path');
    assert.equal(r.result('no dest')!.result.msg, 'dest is required');
    assert.equal(r.recap.h1!.ignored, 2);
  });

  it('--check: a module without check mode still fails bad arguments, and skips good ones', async () => {
    // Ansible's AnsibleModule: "Fail for validation errors, even in check mode"; then
    // "remote module (tempfile) does not support check mode" skips. ansible-playbook 2.14 --check:
    //   TASK [tempfile] fatal: [localhost]: FAILED! => {"msg": "value of state must be one of: file, directory, got: folder"}
    //   TASK [tempfile] skipping: [localhost]
    const r = await runYaml(
      play(`    - name: bad
      tempfile: {state: folder}
      ignore_errors: true
    - name: good
      tempfile: {state: file}
`),
      { req: { check: true } },
    );
    assert.equal(r.result('bad')!.status, 'failed');
    assert.match(
      String(r.result('bad')!.result.msg),
      /^\S+\/play\.yml:5:7: module 'tempfile': argument 'state' must be one of: file, directory, got: folder$/,
    );
    assert.equal(r.result('good')!.status, 'skipped');
    assert.match(String(r.result('good')!.result.msg), /does not support check mode/);
    assert.equal(r.code, 0);
  });

  it('exit code 4 when a host is unreachable (wins over 2)', async () => {
    const r = await runYaml(
      `- hosts: all\n  gather_facts: false\n  tasks:\n    - command: /bin/true\n    - fail:\n`,
      {
        inventory:
          'h1 ansible_connection=local\nh9 ansible_host=127.0.0.1 ansible_port=1 ansible_connection=ssh\n',
      },
    );
    assert.equal(r.recap.h9!.unreachable, 1);
    assert.equal(r.recap.h1!.failed, 1);
    assert.equal(r.code, 4);
  });
});
