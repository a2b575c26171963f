import { strict as assert } from 'node:assert';
import { runYaml } from './run-helper.js';

describe('executor: handlers', () => {
  it('run once however often notified, in definition order, with listen', async () => {
    const r = await runYaml(`- hosts: h1
  gather_facts: false
  tasks:
    - {set_fact: {a: 1}, changed_when: true, notify: [second, first]}
    - {set_fact: {a: 2}, changed_when: true, notify: first}
    - {set_fact: {a: 3}, changed_when: true, notify: topic}
    - {set_fact: {a: 4}, notify: first}
  handlers:
    - {name: first, debug: {msg: h-first}}
    - {name: second, debug: {msg: h-second}}
    - {name: third, debug: {msg: h-third}, listen: topic}
    - {name: fourth, debug: {msg: h-fourth}}
`);
    assert.deepEqual(r.msgs, ['h1: h-first', 'h1: h-second', 'h1: h-third']);
    assert.ok(r.results.filter((e) => e.handler).every((e) => e.handler === true));
  });

  it('flushed after pre_tasks, after tasks, after post_tasks and at meta: flush_handlers', async () => {
    const r = await runYaml(`- hosts: h1
  gather_facts: false
  pre_tasks:
    - {set_fact: {a: 1}, changed_when: true, notify: h}
  tasks:
    - debug: msg=task1
    - {set_fact: {a: 1}, changed_when: true, notify: h}
    - meta: flush_handlers
    - debug: msg=task2
  post_tasks:
    - {set_fact: {a: 1}, changed_when: true, notify: h}
    - debug: msg=post
  handlers:
    - {name: h, debug: {msg: handler}}
`);
    assert.deepEqual(r.msgs, [
      'h1: handler',
      'h1: task1',
      'h1: handler',
      'h1: task2',
      'h1: post',
      'h1: handler',
    ]);
  });

  it('a failed host does not run its handlers; force_handlers runs them', async () => {
    const pb = (force: string): string => `- hosts: h1
  gather_facts: false
${force}  tasks:
    - {set_fact: {a: 1}, changed_when: true, notify: h}
    - fail: msg=stop
  handlers:
    - {name: h, debug: {msg: handler}}
`;
    assert.deepEqual((await runYaml(pb(''))).msgs, []);
    assert.deepEqual((await runYaml(pb('  force_handlers: true\n'))).msgs, ['h1: handler']);
    assert.deepEqual((await runYaml(pb(''), { req: { forceHandlers: true } })).msgs, ['h1: handler']);
  });

  it('handlers of a role brought in by import_role run when notified', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - import_role: {name: web}
`,
      {
        files: {
          'roles/web/tasks/main.yml': '- {set_fact: {a: 1}, changed_when: true, notify: reload web}\n',
          'roles/web/handlers/main.yml': '- {name: reload web, debug: {msg: web-reloaded}}\n',
        },
      },
    );
    assert.deepEqual(r.msgs, ['h1: web-reloaded']);
  });
});
