import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';

/**
 * What the plain output shows of includes, beside ansible-playbook 2.14 on the same playbook:
 * `included: FILE for HOST` under an include_tasks, nothing under an include_role, whose unnamed
 * header reads `include_role : ROLE`.
 */
describe('include_tasks and include_role in the output, as ansible-playbook shows them', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-include-lines-'));
    mkdirSync(join(dir, 'roles/greet/tasks'), { recursive: true });
    writeFileSync(join(dir, 'roles/greet/tasks/main.yml'), '- debug: { msg: "hello {{ who }}" }\n');
    writeFileSync(join(dir, 'more.yml'), '- debug: { msg: more }\n');
    // an include_tasks inside a role: its header and its included line carry the role's name
    mkdirSync(join(dir, 'roles/nest/tasks'), { recursive: true });
    writeFileSync(join(dir, 'roles/nest/tasks/main.yml'), '- include_tasks: inner.yml\n');
    writeFileSync(join(dir, 'roles/nest/tasks/inner.yml'), '- debug: { msg: inner }\n');
    writeFileSync(join(dir, 'hosts'), 'localhost ansible_connection=local\n');
    writeFileSync(
      join(dir, 'three'),
      ['h1', 'h2', 'h3'].map((h) => `${h} ansible_connection=local\n`).join(''),
    );
    writeFileSync(
      join(dir, 'all.yml'),
      [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - include_tasks: more.yml',
        '    - include_tasks: more.yml',
        '      loop: [1, 2]',
        '    - include_tasks: more.yml',
        "      when: inventory_hostname != 'h1'",
        '    - include_role: { name: greet }',
        '      vars: { who: all }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'p.yml'),
      [
        '- hosts: localhost',
        '  gather_facts: false',
        '  tasks:',
        '    - include_tasks: more.yml',
        '    - include_role: { name: greet }',
        '      vars: { who: a }',
        '    - name: a named one',
        '      include_role: { name: greet }',
        '      vars: { who: b }',
        '    - include_tasks: more.yml',
        '      loop: [1, 2]',
        '    - include_role: { name: nest }',
        '',
      ].join('\n'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The task headers, include and host lines of a run, each task's host lines in host order. */
  function shown(out: string): string[] {
    const lines: string[] = [];
    let hostLines: string[] = [];
    const flush = () => {
      lines.push(...hostLines.sort());
      hostLines = [];
    };
    for (const l of out.split('\n')) {
      if (/^(TASK \[|PLAY)/.test(l)) {
        flush();
        lines.push(l);
      } else if (/^(ok|skipping): /.test(l)) hostLines.push(l.replace(/ => \{$/, ''));
      else if (l.startsWith('included: ')) {
        // the hosts of a line come in the order their results came
        const [head, hosts] = l.split(' for ');
        const [names, item] = hosts!.split(' => ');
        flush();
        lines.push(`${head} for ${names!.split(', ').sort().join(', ')}${item ? ` => ${item}` : ''}`);
      }
    }
    flush();
    return lines;
  }

  it('with several hosts: one line per included file naming its hosts, whose tasks they run together', async () => {
    const theirs = ansiblePlaybook(['-i', 'three', 'all.yml'], dir);
    assert.equal(theirs.status, 0, theirs.stdout);
    const ansible = theirs.stdout;
    const r = await runCli(['run', 'all.yml', '-i', 'three'], { cwd: dir, env: { NO_COLOR: '1' } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(shown(r.stdout), shown(ansible));
    assert.ok(shown(r.stdout).includes(`included: ${dir}/more.yml for h1, h2, h3 => (item=2)`));
    assert.equal(shown(r.stdout).filter((l) => l.startsWith('TASK [debug]')).length, 4);
    assert.equal(shown(r.stdout).filter((l) => l.startsWith('TASK [greet : debug]')).length, 1);
  });

  it('prints the same task and include lines', async () => {
    const lines = (out: string) =>
      out.split('\n').filter((l) => /^(TASK \[|included: |ok: |skipping: )/.test(l));
    const theirs = ansiblePlaybook(['-i', 'hosts', 'p.yml'], dir);
    assert.equal(theirs.status, 0, theirs.stdout);
    const ansible = theirs.stdout;
    const r = await runCli(['run', 'p.yml', '-i', 'hosts'], { cwd: dir, env: { NO_COLOR: '1' } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(lines(r.stdout), lines(ansible));
    assert.ok(lines(r.stdout).includes(`included: ${dir}/more.yml for localhost`));
    const inner = lines(r.stdout).indexOf(`included: ${dir}/roles/nest/tasks/inner.yml for localhost`);
    assert.equal(lines(r.stdout)[inner - 1]?.replace(/ \*+$/, ''), 'TASK [nest : include_tasks]');
  });
});
