// Ctrl-C reaches the executor as an aborted signal (RunRequest.signal): no task or play starts
// after it, the result of the task it cut is not reported, and no recap follows.
import { strict as assert } from 'node:assert';
import { runYaml } from './run-helper.js';

describe('executor: an aborted run (Ctrl-C)', () => {
  it('starts nothing more, reports nothing the interrupt cut, prints no recap', async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const r = await runYaml(
      `- hosts: web
  gather_facts: false
  tasks:
    - command: sleep 1
    - command: echo second
- hosts: web
  gather_facts: false
  tasks:
    - command: echo next play
`,
      { req: { signal: abort.signal } },
    );
    clearTimeout(timer);
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(
      r.events.filter((e) => e.event === 'play_start').map((e) => e.event),
      ['play_start'],
      'the second play never starts',
    );
    assert.deepEqual(r.results, [], 'no result: the sleep ended after the abort, and nothing after it ran');
    assert.equal(
      r.events.find((e) => e.event === 'recap'),
      undefined,
    );
  });

  it('a signal that never aborts changes nothing', async () => {
    const r = await runYaml(`- hosts: web\n  gather_facts: false\n  tasks:\n    - command: echo one\n`, {
      req: { signal: new AbortController().signal },
    });
    assert.equal(r.code, 0);
    assert.equal(r.results.length, 2);
    assert.ok(r.events.some((e) => e.event === 'recap'));
  });
});
