import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlaybook } from '../../src/playbook/index.js';
import { preflight } from '../../src/preflight/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/**
 * The task files include_tasks names, and the roles include_role names, by a literal name are
 * checked before the run as the run loads them: a mistake there stops `run` before any host
 * (unless the include is guarded), and `validate` reports it. ansible-playbook 2.14 meets the
 * same mistakes when the include runs (an unknown module ends the run there; a bad argument fails
 * the task).
 */
describe('preflight: the task files include_tasks loads and the roles include_role loads', () => {
  const dir = tempDirUntilExit('fabplay-pre-inc');
  mkdirSync(join(dir, 'inc'), { recursive: true });
  writeFileSync(join(dir, 'inc/typo.yml'), '- debug: msg=in\n- copyy: {src: a, dest: b}\n');
  writeFileSync(join(dir, 'inc/badarg.yml'), '- name: bad arg\n  file: {path: /tmp/x, stat: directory}\n');
  writeFileSync(join(dir, 'inc/nested.yml'), '- include_tasks: badarg.yml\n');
  writeFileSync(join(dir, 'inc/self.yml'), '- debug: msg=x\n- include_tasks: self.yml\n  when: false\n');
  writeFileSync(join(dir, 'inc/handler.yml'), '- name: h\n  debug: {msgg: x}\n');
  const role = (path: string, file: string, text: string) => {
    mkdirSync(join(dir, path, 'tasks'), { recursive: true });
    writeFileSync(join(dir, path, 'tasks', file), text);
  };
  role('roles/broken', 'main.yml', '- debug: msg=x\n- copyy: {a: 1}\n');
  role('roles/fine', 'main.yml', '- debug: msg=x\n');
  role('roles/fine', 'other.yml', '- debug: {msgg: x}\n');
  role('elsewhere-roles/elsewhere', 'main.yml', '- file: {path: /tmp/x, stat: directory}\n');

  async function problems(tasks: string, handlers = '') {
    const file = join(dir, `p${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}${handlers}`);
    const rolesPath = [join(dir, 'elsewhere-roles')];
    const p = await preflight([loadPlaybook(file, { rolesPath })], {}, { rolesPath });
    const line = (x: { pos: { file: string; line: number }; message: string }) =>
      `${x.pos.file.split('/').slice(-2).join('/')}:${x.pos.line}: ${x.message}`;
    return {
      stops: p.errors.filter((e) => !e.guarded).map(line),
      guarded: p.errors.filter((e) => e.guarded).map(line),
      warnings: p.warnings.map(line),
    };
  }

  it('an unknown module in the file is an error at its line', async () => {
    const r = await problems('    - include_tasks: inc/typo.yml\n');
    assert.deepEqual(r.stops, ["inc/typo.yml:2: task: unknown module 'copyy' (did you mean 'copy'?)"]);
  });

  it('a bad argument, also in a file that file includes (free form and file: alike)', async () => {
    const r = await problems(
      '    - include_tasks: inc/nested.yml\n    - include_tasks: {file: inc/badarg.yml}\n',
    );
    assert.equal(r.stops.length, 1, r.stops.join('\n'));
    assert.match(r.stops[0]!, /^inc\/badarg\.yml:2: task "bad arg": module 'file' has no argument 'stat'/);
  });

  it('under a when the mistake is guarded: run warns, the include fails only if it runs', async () => {
    const r = await problems('    - include_tasks: inc/typo.yml\n      when: false\n');
    assert.deepEqual(r.stops, []);
    assert.equal(r.guarded.length, 1);
  });

  it('a file that cannot be parsed ends the run whatever rescue or ignore_errors say: no guard', async () => {
    const r = await problems(
      '    - block:\n        - include_tasks: inc/typo.yml\n      rescue:\n        - debug: msg=r\n' +
        '    - include_tasks: inc/typo.yml\n      ignore_errors: true\n',
    );
    assert.equal(r.stops.length, 1);
    assert.deepEqual(r.guarded, []);
  });

  it('a file included guarded and then not is judged unguarded the second time', async () => {
    const r = await problems(
      '    - include_tasks: inc/badarg.yml\n      when: x is defined\n    - include_tasks: inc/badarg.yml\n',
    );
    assert.equal(r.stops.length, 1);
  });

  it('a file that includes itself is walked once per guard, and ends', async () => {
    const r = await problems('    - include_tasks: inc/self.yml\n');
    assert.deepEqual([r.stops, r.guarded], [[], []]);
  });

  it('a handler file is read as handlers, guarded', async () => {
    const r = await problems(
      '    - debug: msg=x\n      notify: h\n',
      '  handlers:\n    - name: h\n      include_tasks: inc/handler.yml\n',
    );
    assert.deepEqual(r.stops, []);
    assert.equal(r.guarded.length, 1);
    assert.match(r.guarded[0]!, /module 'debug' has no argument 'msgg'/);
  });

  it('a missing file is left to the loader (validate reports it); templated and looped names to the run', async () => {
    const r = await problems(
      '    - include_tasks: inc/missing.yml\n' +
        '    - include_tasks: "{{ \'inc/typo.yml\' }}"\n' +
        '    - include_tasks: inc/typo.yml\n      loop: [1]\n',
    );
    assert.deepEqual([r.stops, r.guarded, r.warnings], [[], [], []]);
  });

  it('include_role: the role it names by a literal name, its tasks_from file, a role from the roles path', async () => {
    const r = await problems(
      '    - include_role: {name: broken}\n' +
        '    - include_role: {name: fine, tasks_from: other}\n' +
        '    - include_role: {name: elsewhere}\n',
    );
    assert.deepEqual(r.stops.sort(), [
      "tasks/main.yml:1: task: module 'file' has no argument 'stat' (did you mean 'state'?)",
      "tasks/main.yml:2: task: unknown module 'copyy' (did you mean 'copy'?)",
      "tasks/other.yml:1: task: module 'debug' has no argument 'msgg' (did you mean 'msg'?)",
    ]);
  });

  it('include_role: under a when a guarded warning; a missing role and a templated name are left to the run', async () => {
    const r = await problems(
      '    - include_role: {name: broken}\n      when: x is defined\n' +
        '    - include_role: {name: no-such-role}\n' +
        '    - include_role: {name: "{{ \'broken\' }}"}\n',
    );
    assert.deepEqual(r.stops, []);
    assert.equal(r.guarded.length, 1);
  });

  it('run stops before the play starts; validate exits 3 naming the line', async () => {
    const pb = join(dir, 'site.yml');
    writeFileSync(
      pb,
      '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: msg=before\n    - include_tasks: inc/typo.yml\n',
    );
    const run = await runCli(['run', pb], { cwd: dir, env: { NO_COLOR: '1' } });
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout, /PLAY \[/);
    assert.match(run.stderr, /inc\/typo\.yml:2:3: task: unknown module 'copyy'/);
    const validate = await runCli(['validate', pb], { cwd: dir, env: { NO_COLOR: '1' } });
    assert.equal(validate.code, 3);
    assert.match(validate.stderr, /inc\/typo\.yml:2:3/);
  });
});
