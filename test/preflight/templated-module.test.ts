import { strict as assert } from 'node:assert';
import { playbookProblems } from './playbook-problems.js';

/** The preflight's messages for a play of these tasks. */
const problems = (tasks: string) => playbookProblems(`- hosts: all\n  tasks:\n${tasks}`);

describe('preflight: a module named by a template', () => {
  it('is neither refused nor warned about, and its arguments are left to the run', async () => {
    const r = await problems(
      `    - action: {module: "{{ m }}", no_such_argument: 1}\n` +
        `    - action: "{{ m }} state=nonsense"\n` +
        `    - local_action: {module: "{{ m }}"}\n`,
    );
    assert.deepEqual(r, { errors: [], warnings: [] });
  });

  it('the same arguments under a module written as it is are an error', async () => {
    const r = await problems(`    - action: {module: file, no_such_argument: 1, path: /x}\n`);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!, /no_such_argument/);
  });

  it('free-form words after a templated name are refused when the playbook loads', async () => {
    await assert.rejects(
      problems(`    - action: "{{ m }} echo hi"\n`),
      /this task '\{\{ m \}\}' has extra params \('echo hi'\)/,
    );
  });
});
