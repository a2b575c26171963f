import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaybook } from '../../src/playbook/index.js';
import { preflight } from '../../src/preflight/index.js';

async function problems(tasks: string): Promise<{ errors: string[]; warnings: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-pre-'));
  writeFileSync(join(dir, 'play.yml'), `- hosts: all\n  tasks:\n${tasks}`);
  try {
    const p = await preflight([loadPlaybook(join(dir, 'play.yml'), { rolesPath: [] })]);
    return { errors: p.errors.map((e) => e.message), warnings: p.warnings.map((w) => w.message) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
