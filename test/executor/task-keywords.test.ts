import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { runYaml } from './run-helper.js';
import { PlainOutput } from '../../src/output/plain.js';
import { Masker } from '../../src/output/masking.js';

/** A stream that keeps what is written to it (the plain output's lines). */
function collector(): { chunks: string[]; w: Writable } {
  const chunks: string[] = [];
  const w = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  });
  return { chunks, w };
}

const unreachable =
  'h1 ansible_connection=local\nh9 ansible_host=127.0.0.1 ansible_port=1 ansible_connection=ssh\n';

describe('executor: task and play keywords (ignore_unreachable, args, become, no_log, verbosity, include_vars)', () => {
  it('ignore_unreachable: the host goes on, counted ok and ignored (fixture 317)', async () => {
    const r = await runYaml(
      `- hosts: h9\n  gather_facts: false\n  tasks:\n    - command: /bin/true\n      ignore_unreachable: true\n    - debug: msg=still\n`,
      { inventory: unreachable },
    );
    assert.deepEqual(r.msgs, ['h9: still']);
    assert.equal(r.recap.h9!.unreachable, 0);
    assert.deepEqual([r.recap.h9!.ok, r.recap.h9!.ignored, r.recap.h9!.skipped], [2, 1, 0]);
    assert.equal(r.code, 0);
  });

  it('ignore_unreachable: the plain output says `...ignoring` after the UNREACHABLE line, as Ansible does', async () => {
    // ansible-playbook 2.14 on ansible-core's ignore_unreachable target (test_cannot_connect.yml):
    // `fatal: [nonexistent]: UNREACHABLE! => {...}` then `...ignoring`; without the keyword, none
    const { chunks, w } = collector();
    const output = new PlainOutput(new Masker(), { verbosity: 0, color: false, diff: false, out: w, err: w });
    await runYaml(
      `- hosts: h9\n  gather_facts: false\n  tasks:\n    - command: /bin/true\n      ignore_unreachable: true\n    - command: /bin/true\n`,
      { inventory: unreachable, req: { output } },
    );
    const lines = chunks.join('').split('\n');
    const fatal = lines.flatMap((l, i) => (l.startsWith('fatal: [h9]: UNREACHABLE!') ? [i] : []));
    assert.equal(fatal.length, 2, chunks.join(''));
    assert.equal(lines[fatal[0]! + 1], '...ignoring');
    assert.notEqual(lines[fatal[1]! + 1], '...ignoring');
  });

  it('args from a variable ("{{ mapping }}") reach the module; the task\'s own arguments win', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  vars:\n    dbg: {msg: from-var, verbosity: 0}\n  tasks:
    - debug:\n      args: "{{ dbg }}"
    - debug: msg=inline\n      args: "{{ dbg }}"
    - debug:\n      args: "{{ 'not a mapping' }}"\n`,
    );
    assert.deepEqual(r.msgs.slice(0, 2), ['h1: from-var', 'h1: inline']);
    assert.equal(r.recap.h1!.failed, 1);
    // Ansible's words (its TaskExecutor's _variable_params check)
    assert.match(r.msgs[2]!, /invalid or malformed argument: 'not a mapping'$/);
  });

  it('--check --detailed-exitcode exits 8 when something would change', async () => {
    const pb = `- hosts: h1\n  gather_facts: false\n  tasks:\n    - copy: {content: "x", dest: "@DIR@/f"}\n`;
    assert.equal((await runYaml(pb, { req: { check: true, detailedExitCode: true } })).code, 8);
    assert.equal((await runYaml(pb, { req: { check: true } })).code, 0);
  });

  it('become on a play and a block reaches the tasks inside', async function () {
    if (process.getuid?.() !== 0) this.skip();
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  become: true\n  become_user: nobody\n  tasks:
    - command: id -un
      register: a
    - block:
        - command: id -un
          register: b
      become_user: daemon
    - command: id -un
      become: false
      register: c
    - debug: msg="{{ a.stdout }} {{ b.stdout }} {{ c.stdout }}"
`,
    );
    assert.deepEqual(r.msgs, ['h1: nobody daemon root']);
  });

  it('no_log on a loop hides every item', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - debug: msg="secret-{{ item }}"\n      loop: [1, 2]\n      no_log: true\n`,
    );
    assert.doesNotMatch(JSON.stringify(r.results), /secret-/);
  });

  it('-v shows results, -vvv the remote commands (plain output)', async () => {
    const { chunks, w } = collector();
    const pb = `- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: echo visible\n`;
    const run = async (v: number): Promise<string> => {
      chunks.length = 0;
      await runYaml(pb, {
        req: {
          verbosity: v,
          output: new PlainOutput(new Masker(), { verbosity: v, color: false, diff: false, out: w }),
        },
      });
      return chunks.join('');
    };
    assert.doesNotMatch(await run(0), /"stdout"/);
    assert.match(await run(1), /"stdout": "visible"/);
    assert.match(await run(3), /EXEC echo visible/);
  });

  it('the become password never shows in output', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - debug: msg="pw is {{ ansible_become_password }}"\n`,
      { inventory: 'h1 ansible_connection=local ansible_become_password=Sup3rSecret\n' },
    );
    assert.doesNotMatch(JSON.stringify(r.events), /Sup3rSecret/);
  });

  it('include_vars loads a vars file above play vars; debug var shows a value', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  vars: {color: red}\n  tasks:\n    - include_vars: vars/extra.yml\n    - debug: var=color\n    - include_vars: {file: vars/extra.yml, name: bag}\n    - debug: msg="{{ bag.color }}"\n`,
      { files: { 'vars/extra.yml': 'color: blue\n' } },
    );
    const shown = r.results.filter((e) => e.action === 'debug').map((e) => e.result.color ?? e.result.msg);
    assert.deepEqual(shown, ['blue', 'blue']);
  });
});
