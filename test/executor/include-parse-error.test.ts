// What Ansible's parser rejects (a YAML syntax error, an unknown module or keyword) in a file an
// include loads ends the whole run, as ansible-playbook 2.14's strategy re-raises the parser error
// (exit 4 there, fabplay's invalid-input 3): no rescue, no ignore_errors, no later task. A file
// that is missing, or a module only Ansible has, stays a failure of the host, as in Ansible.
import { strict as assert } from 'node:assert';
import { InputError } from '../../src/errors.js';
import { MemoryOutput } from '../../src/output/json.js';
import type { HostResultEvent } from '../../src/output/events.js';
import { runYaml } from './run-helper.js';

const BROKEN = '- debug: msg=1\n  foo: [\n';

const play = (include: string): string => `- hosts: web
  gather_facts: false
  tasks:
    - debug: msg=before
    - block:
        - ${include}
          ignore_errors: true
      rescue:
        - debug: msg=rescued
    - debug: msg=after
`;

async function stoppedRun(
  include: string,
  files: Record<string, string>,
): Promise<{ e: InputError; msgs: string[] }> {
  const output = new MemoryOutput();
  let thrown: unknown;
  await runYaml(play(include), { files, req: { output } }).catch((e: unknown) => (thrown = e));
  assert.ok(thrown instanceof InputError, `the run ends with invalid input, got ${String(thrown)}`);
  const msgs = output.events
    .filter((e): e is HostResultEvent => e.event === 'host_result' && e.action === 'debug')
    .map((e) => String(e.result.msg));
  return { e: thrown, msgs };
}

describe('executor: a parser error in an included file', () => {
  it('include_tasks: ends the run at the file, line and column of the mistake', async () => {
    const { e, msgs } = await stoppedRun('include_tasks: inc.yml', { 'inc.yml': BROKEN });
    assert.equal(e.exitCode, 3);
    assert.match(e.message, /^YAML syntax error: this flow collection '\[' is never closed/);
    assert.ok(e.pos?.file.endsWith('/inc.yml'));
    assert.equal(e.pos?.line, 2);
    assert.equal(e.pos?.col, 8);
    assert.deepEqual(msgs, ['before', 'before'], 'no rescue and no later task ran');
  });

  it('through an include nested in an included file, and in a role include_role loads', async () => {
    const nested = await stoppedRun('include_tasks: outer.yml', {
      'outer.yml': '- include_tasks: inc.yml\n',
      'inc.yml': BROKEN,
    });
    assert.ok(nested.e.pos?.file.endsWith('/inc.yml'));
    assert.deepEqual(nested.msgs, ['before', 'before']);
    const role = await stoppedRun('include_role: {name: r}', { 'roles/r/tasks/main.yml': BROKEN });
    assert.ok(role.e.pos?.file.endsWith('/roles/r/tasks/main.yml'));
    assert.deepEqual(role.msgs, ['before', 'before']);
  });

  it('an unknown module or keyword ends the run too, at its line', async () => {
    for (const [task, want, line] of [
      ['- frobnicate: x=1', /^task: unknown module 'frobnicate'$/, 2],
      ['- debug: msg=1\n  whn: true', /^task: unknown keyword 'whn' \(did you mean 'when'\?\)$/, 3],
    ] as const) {
      const { e, msgs } = await stoppedRun('include_tasks: inc.yml', {
        'inc.yml': `- debug: msg=ok\n${task}\n`,
      });
      assert.match(e.message, want);
      assert.ok(e.pos?.file.endsWith('/inc.yml'));
      assert.equal(e.pos?.line, line);
      assert.deepEqual(msgs, ['before', 'before']);
    }
  });

  it('a missing file is still a failure of each host that a rescue takes', async () => {
    const r = await runYaml(play('include_tasks: nope.yml'));
    assert.deepEqual(
      r.msgs.filter((m) => !m.endsWith('before')),
      ['h1: rescued', 'h2: rescued', 'h1: after', 'h2: after'],
    );
    assert.equal(r.code, 0);
  });

  it('so is a module only Ansible has, when its task runs', async () => {
    const r = await runYaml(play('include_tasks: inc.yml'), {
      // a collection's module fabplay lacks (every ansible.builtin one it has)
      files: { 'inc.yml': '- community.general.ufw: rule=allow port=22\n' },
    });
    assert.deepEqual(
      r.msgs.filter((m) => !m.endsWith('before')),
      ['h1: rescued', 'h2: rescued', 'h1: after', 'h2: after'],
    );
  });
});
