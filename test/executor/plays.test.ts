import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runYaml } from './run-helper.js';
import type { PlayStartEvent } from '../../src/output/events.js';

const three =
  '[web]\nh1 ansible_connection=local\nh2 ansible_connection=local\nh3 ansible_connection=local\n';

describe('executor: plays', () => {
  it('serial as a number, a percentage and a list splits hosts into batches', async () => {
    const r = await runYaml(
      `- hosts: web\n  gather_facts: false\n  serial: [1, "50%"]\n  tasks:\n    - debug: msg="{{ ansible_play_batch | join(',') }}"\n`,
      { inventory: three },
    );
    assert.deepEqual(r.msgs, ['h1: h1', 'h2: h2', 'h3: h3']);
  });

  // ansible-playbook 2.14 on this playbook: h1,h2,h3 / h2,h3/h2,h3 / h2,h3 (a cleared host comes
  // back in the next play: differential 235-clear-host-errors.yml)
  it('ansible_play_hosts drops a host once it fails, and clear_host_errors does not take it back in the same play', async () => {
    const r = await runYaml(
      [
        '- hosts: web',
        '  gather_facts: false',
        '  tasks:',
        '    - debug: msg="{{ ansible_play_hosts | join(\',\') }}"',
        '      when: inventory_hostname == "h3"',
        '    - fail:',
        '      when: inventory_hostname == "h1"',
        "    - debug: msg=\"{{ ansible_play_hosts | join(',') }}/{{ ansible_play_batch | join(',') }}\"",
        '      when: inventory_hostname == "h3"',
        '    - meta: clear_host_errors',
        '    - debug: msg="{{ ansible_play_hosts | join(\',\') }}"',
        '      when: inventory_hostname == "h3"',
        '',
      ].join('\n'),
      { inventory: three },
    );
    assert.deepEqual(r.msgs, ['h3: h1,h2,h3', 'h3: h2,h3/h2,h3', 'h3: h2,h3']);
  });

  it('a host whose failure clear_host_errors cleared is not in the exit code nor to be retried', async () => {
    const r = await runYaml(
      `- hosts: web\n  gather_facts: false\n  tasks:\n    - fail:\n      when: inventory_hostname == 'h1'\n    - meta: clear_host_errors\n- hosts: web\n  gather_facts: false\n  tasks:\n    - fail:\n      when: inventory_hostname == 'h2'\n`,
      { inventory: three },
    );
    assert.equal(r.code, 2);
    assert.deepEqual(r.retry, ['h2']);
    assert.equal(r.recap.h1?.failed, 1);
  });

  it('max_fail_percentage stops the play when too many hosts of a batch failed', async () => {
    const r = await runYaml(
      `- hosts: web\n  gather_facts: false\n  serial: 1\n  max_fail_percentage: 0\n  tasks:\n    - fail:\n      when: inventory_hostname == 'h1'\n    - debug: msg=ran\n`,
      { inventory: three },
    );
    assert.deepEqual(r.msgs, []);
    assert.equal(r.recap.h2, undefined);
  });

  it('any_errors_fatal ends the play for every host', async () => {
    const r = await runYaml(
      `- hosts: web\n  gather_facts: false\n  any_errors_fatal: true\n  tasks:\n    - fail:\n      when: inventory_hostname == 'h1'\n    - debug: msg=ran\n`,
      { inventory: three },
    );
    assert.deepEqual(r.msgs, []);
    assert.equal(r.code, 2);
  });

  it('forks: hosts run in parallel (their commands overlap in time), and no more than forks at once', async () => {
    const spans = async (forks: number) => {
      const r = await runYaml(
        `- hosts: web\n  gather_facts: false\n  tasks:\n    - shell: date +%s%N; sleep 0.3; date +%s%N\n      register: t\n    - debug: msg="{{ t.stdout_lines | join(' ') }}"\n`,
        { inventory: three, req: { forks } },
      );
      return r.msgs.map((m) => m.split(': ')[1]!.split(' ').map(Number) as [number, number]);
    };
    const overlap = (s: [number, number][]) =>
      Math.max(...s.map((x) => x[0])) < Math.min(...s.map((x) => x[1]));
    const parallel = await spans(5);
    assert.equal(parallel.length, 3);
    assert.ok(overlap(parallel), 'with forks 5 all three hosts ran at the same time');
    const serial = (await spans(1)).sort((a, b) => a[0] - b[0]);
    assert.ok(
      serial.every((s, i) => i === 0 || s[0] >= serial[i - 1]![1]),
      'with forks 1 each host ran after the one before',
    );
  });

  it('run_once runs on the first host, the result is registered on all', async () => {
    const r = await runYaml(
      `- hosts: web\n  gather_facts: false\n  tasks:\n    - set_fact: {x: "{{ inventory_hostname }}"}\n      run_once: true\n      register: r\n    - debug: msg="{{ r.ansible_facts.x }}"\n`,
      { inventory: three },
    );
    assert.deepEqual(r.msgs.sort(), ['h1: h1', 'h2: h1', 'h3: h1']);
    assert.equal(r.results.filter((e) => e.action === 'set_fact').length, 1);
  });

  it('delegate_to localhost runs the command there', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: echo hi\n      delegate_to: localhost\n      register: c\n    - debug: msg="{{ c.stdout }}"\n`,
    );
    assert.deepEqual(r.msgs, ['h1: hi']);
    assert.equal(r.results[0]!.delegated_to, 'localhost');
  });

  it('host patterns select hosts; no match plays nothing', async () => {
    const r = await runYaml(`- hosts: nomatch\n  gather_facts: false\n  tasks:\n    - debug: msg=x\n`);
    const ps = r.events.find((e) => e.event === 'play_start') as PlayStartEvent;
    assert.deepEqual(ps.hosts, []);
    assert.deepEqual(r.msgs, []);
  });

  it('tags: --tags, --skip-tags, always and never', async () => {
    const pb = `- hosts: h1\n  gather_facts: false\n  tasks:
    - {debug: {msg: a}, tags: a}
    - {debug: {msg: b}, tags: b}
    - {debug: {msg: al}, tags: always}
    - {debug: {msg: nv}, tags: never}
    - {debug: {msg: nvd}, tags: [never, debug]}
`;
    assert.deepEqual((await runYaml(pb)).msgs, ['h1: a', 'h1: b', 'h1: al']);
    assert.deepEqual((await runYaml(pb, { req: { tags: ['a'] } })).msgs, ['h1: a', 'h1: al']);
    assert.deepEqual((await runYaml(pb, { req: { tags: ['debug'] } })).msgs, ['h1: al', 'h1: nvd']);
    assert.deepEqual((await runYaml(pb, { req: { skipTags: ['a', 'always'] } })).msgs, ['h1: b']);
  });

  it('check mode: modules change nothing, registered results still usable; check_mode: false per task', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:
    - command: touch @DIR@/a
      args: {creates: "@DIR@/a"}
      register: t
    - debug: msg="{{ t is changed }} {{ t is skipped }}"
    - command: touch @DIR@/b
      check_mode: false
`,
      { req: { check: true } },
    );
    assert.equal(existsSync(join(r.dir, 'a')), false);
    assert.equal(existsSync(join(r.dir, 'b')), true);
    assert.equal(r.msgs.length, 1);
  });

  it('environment reaches commands; no_log hides a result and masks the value', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  environment: {OUTER: o}\n  tasks:
    - shell: echo $OUTER-$INNER
      environment: {INNER: i}
      register: e
    - debug: msg="{{ e.stdout }}"
    - command: echo s3cr3tvalue
      no_log: true
`,
    );
    assert.deepEqual(r.msgs, ['h1: o-i']);
    const hidden = r.results.at(-1)!;
    assert.doesNotMatch(JSON.stringify(hidden), /s3cr3tvalue/);
    assert.match(String(hidden.result.censored), /no_log/);
  });

  it('timeout fails a task that runs too long', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: sleep 5\n      timeout: 1\n`,
    );
    assert.equal(r.results[0]!.status, 'failed');
    assert.match(String(r.results[0]!.result.msg), /time/);
  });

  it('meta: end_host, end_play and noop', async () => {
    const r = await runYaml(
      `- hosts: web\n  gather_facts: false\n  tasks:
    - meta: noop
    - meta: end_host
      when: inventory_hostname == 'h1'
    - debug: msg=two
- hosts: web\n  gather_facts: false\n  tasks:
    - meta: end_play
    - debug: msg=never
`,
    );
    assert.deepEqual(r.msgs, ['h2: two']);
    // a meta skipped by its condition: Ansible's strategy gives msg, skipped and skip_reason, and
    // `changed` only to a meta that ran (its -v line, preflight_encoding target, nits3 round)
    const skipped = r.results.find((e) => e.action === 'meta' && e.host === 'h2');
    assert.deepEqual(Object.keys(skipped!.result).sort(), ['msg', 'skip_reason', 'skipped']);
  });

  it('become per task: become_user runs the command as that user', async function () {
    if (process.getuid?.() !== 0) this.skip();
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: id -un\n      become: true\n      become_user: nobody\n      register: w\n    - debug: msg="{{ w.stdout }}"\n`,
    );
    assert.deepEqual(r.msgs, ['h1: nobody']);
  });

  it('roles: dependencies first, a role runs once per play unless its parameters differ', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  roles:\n    - base\n    - {role: app, p: 1}\n    - {role: app, p: 1}\n    - {role: app, p: 2}\n`,
      {
        files: {
          'roles/base/tasks/main.yml': '- debug: msg=base\n',
          'roles/app/meta/main.yml': 'dependencies: [base]\n',
          'roles/app/tasks/main.yml': '- debug: msg="app {{ p }}"\n',
        },
      },
    );
    assert.deepEqual(r.msgs, ['h1: base', 'h1: app 1', 'h1: app 2']);
    assert.equal(r.result('base : debug')?.task, 'base : debug');
  });

  it('role argument_specs are checked before any of its tasks', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  roles:\n    - {role: svc, svc_port: nope}\n`,
      {
        files: {
          'roles/svc/tasks/main.yml': '- debug: msg=ran\n',
          'roles/svc/meta/argument_specs.yml':
            'argument_specs:\n  main:\n    options:\n      svc_port: {type: int, required: true}\n      svc_name: {type: str, required: true}\n',
        },
      },
    );
    assert.deepEqual(r.msgs, []);
    const v = r.results[0]!;
    assert.equal(v.status, 'failed');
    assert.match(String(v.result.msg), /svc_name/);
    assert.equal(r.code, 2);
  });

  it('include_tasks loads a file per host at run time, with a loop', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - include_tasks: inc.yml\n      loop: [x, w]\n`,
      { files: { 'inc.yml': '- debug: msg="inc {{ item }}"\n' } },
    );
    assert.deepEqual(r.msgs, ['h1: inc x', 'h1: inc w']);
  });

  it('diff mode: a module diff reaches the result', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - copy: {content: "new\\n", dest: "@DIR@/f"}\n`,
      { req: { diff: true } },
    );
    assert.ok(r.results[0]!.result.diff);
    assert.equal(readFileSync(join(r.dir, 'f'), 'utf8'), 'new\n');
  });
});

describe('executor: play options', () => {
  it('--start-at-task skips the tasks before the named one', async () => {
    const r = await runYaml(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - {name: one, debug: {msg: one}}\n    - {name: two, debug: {msg: two}}\n    - {name: three, debug: {msg: three}}\n`,
      { req: { startAtTask: 'two' } },
    );
    assert.deepEqual(r.msgs, ['h1: two', 'h1: three']);
  });

  it('host_pattern_mismatch: a pattern part that matches nothing warns, stops the run, or is ignored', async () => {
    const pb = `- hosts: nosuch\n  gather_facts: false\n  tasks: [{debug: {msg: a}}]\n- hosts: nosuch:h1\n  gather_facts: false\n  tasks: [{debug: {msg: b}}]\n`;
    const warned = (r: Awaited<ReturnType<typeof runYaml>>) =>
      r.events.flatMap((e) => (e.event === 'play_start' ? (e.warnings ?? []) : []));
    const w = await runYaml(pb);
    assert.deepEqual(warned(w), [
      'Could not match supplied host pattern, ignoring: nosuch',
      'Could not match supplied host pattern, ignoring: nosuch',
    ]);
    assert.deepEqual(w.msgs, ['h1: b']);
    const ignored = await runYaml(pb, { req: { hostPatternMismatch: 'ignore' } });
    assert.deepEqual(warned(ignored), []);
    await assert.rejects(
      runYaml(pb, { req: { hostPatternMismatch: 'error' } }),
      /Could not match supplied host pattern, ignoring: nosuch/,
    );
  });

  it('order: reverse_sorted runs hosts in that order', async () => {
    const r = await runYaml(
      `- hosts: web\n  gather_facts: false\n  order: reverse_sorted\n  serial: 1\n  tasks:\n    - debug: msg=x\n`,
      {
        inventory:
          '[web]\nh1 ansible_connection=local\nh2 ansible_connection=local\nh3 ansible_connection=local\n',
      },
    );
    assert.deepEqual(r.msgs, ['h3: x', 'h2: x', 'h1: x']);
  });

  it('gather_facts gathers in every play (gathering = implicit), once per run with smart; exposes ansible_facts', async () => {
    const twoPlays = `- hosts: h1\n  tasks:\n    - debug: msg="{{ ansible_facts.keys() | list | length > 0 }}"\n- hosts: h1\n  tasks:\n    - debug: msg=second\n`;
    const implicit = await runYaml(twoPlays);
    assert.equal(implicit.results.filter((e) => e.action === 'gather_facts').length, 2);
    assert.deepEqual(implicit.msgs, ['h1: true', 'h1: second']);
    const smart = await runYaml(twoPlays, { req: { gathering: 'smart' } });
    assert.equal(smart.results.filter((e) => e.action === 'gather_facts').length, 1);
    assert.deepEqual(smart.msgs, ['h1: true', 'h1: second']);
  });
});
