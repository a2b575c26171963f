import assert from 'node:assert/strict';
import { runYaml } from './run-helper.js';

/**
 * Host output that looks like a template, carried into variables by the executor's own paths
 * (include vars, role params, loop items, until, delegated hostvars), is never templated again.
 * The lab test (test/template/unsafe.lab.test.ts) covers the module paths on real hosts.
 */
const PAYLOAD = '{{ 7*7 }} {{ lookup("env", "HOME") }}';

describe('executor: unsafe values stay text', () => {
  it('through include vars, role include vars, loops, until, another host and debug var', async () => {
    const r = await runYaml(
      `
- hosts: web
  gather_facts: false
  tasks:
    - command: cat @DIR@/payload.txt
      register: p
      until: p.stdout is search('7\\*7')
      retries: 1
      delay: 0
    - include_tasks: inc.yml
      vars: {iv: "{{ p.stdout }}"}
    - include_role: {name: r}
      vars: {rv: "<{{ p.stdout }}>"}
    - include_tasks: inc.yml
      loop: "{{ p.stdout_lines }}"
      loop_control: {loop_var: iv}
    - debug: msg="{{ hostvars['h2'].p.stdout }}"
    - debug: msg="{{ item }}"
      loop: "{{ [p.stdout] + ['{{ 6*7 }}'] }}"
      register: looped
    - debug: msg="{{ looped.results | map(attribute='msg') | list }}"
    - command: cat @DIR@/name.txt
      register: n
    - name: var from host text
      debug:
        var: "{{ n.stdout }}"
`,
      {
        files: {
          'payload.txt': PAYLOAD,
          'name.txt': 'inventory_hostname',
          'inc.yml': '- debug: msg="inc {{ iv }}"\n',
          'roles/r/tasks/main.yml': '- debug: msg="role {{ rv }}"\n',
        },
      },
    );
    assert.equal(r.code, 0, JSON.stringify(r.results.filter((x) => x.status === 'failed')));
    for (const h of ['h1', 'h2'])
      assert.deepEqual(
        r.msgs.filter((m) => m.startsWith(`${h}: `)),
        [
          `inc ${PAYLOAD}`,
          `role <${PAYLOAD}>`,
          `inc ${PAYLOAD}`,
          PAYLOAD,
          JSON.stringify([PAYLOAD, '{{ 6*7 }}']),
          'undefined', // the debug with var= has no msg
        ].map((m) => `${h}: ${m}`),
      );
    assert.ok(!JSON.stringify(r.events).includes(process.env.HOME ?? '/root'));
    // debug's var is an expression: one rendered from host text is not evaluated (Ansible 2.14
    // would evaluate this one and print h1; see docs/executor-differences.md)
    assert.deepEqual(r.result('var from host text', 'h1')?.result, {
      _ansible_verbose_always: true,
      changed: false,
      failed: false,
      inventory_hostname: 'VARIABLE IS NOT DEFINED!',
    });
  });

  it('registered results of include_vars and set_fact are not host data (Ansible wraps neither)', async () => {
    const r = await runYaml(
      `
- hosts: h1
  gather_facts: false
  tasks:
    - include_vars: {file: '@DIR@/v.yml'}
      register: iv
    - command: echo out
      register: c
    - debug: msg="{{ iv.ansible_facts.foo | type_debug }} {{ c.stdout | type_debug }}"
`,
      { files: { 'v.yml': 'foo: bar\n' } },
    );
    assert.equal(r.code, 0);
    assert.deepEqual(r.msgs, ['h1: str AnsibleUnsafeText']);
  });
});
