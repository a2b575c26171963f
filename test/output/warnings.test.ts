import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { runAnsiblePlaybook } from '../roles/checkers.js';
import { WarningLines, wrap } from '../../src/output/warnings.js';

describe('output: module warnings as ansible-playbook shows them', function () {
  this.timeout(120000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-warn-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('wraps like textwrap and shows each distinct warning once', () => {
    // the lists Python's textwrap.wrap gives for the same calls
    assert.deepEqual(wrap('[WARNING]: aaa bbb   ccc', 11), ['[WARNING]:', 'aaa bbb', 'ccc']);
    assert.deepEqual(wrap('x '.repeat(3) + 'y'.repeat(12), 10), ['x x x yyyy', 'yyyyyyyy']);
    assert.deepEqual(wrap('see the self-explanatory long-winded text', 10), [
      'see the',
      'self-expla',
      'natory',
      'long-',
      'winded',
      'text',
    ]);
    assert.deepEqual(wrap('  lead  a-b-c-d well-known', 6), ['  lead', 'a-b-', 'c-d', 'well-', 'known']);
    assert.deepEqual(wrap('aaaa-bbbbbbbbbbbbbbbb', 8), ['aaaa-bbb', 'bbbbbbbb', 'bbbbb']);
    const w = new WarningLines(79);
    assert.deepEqual(w.linesFor({ warnings: ['one'] }, false), ['[WARNING]: one']);
    assert.deepEqual(w.linesFor({ warnings: ['one', 'two'] }, false), ['[WARNING]: two']);
    assert.deepEqual(w.linesFor({ warnings: 'three' }, false), ['[WARNING]: three']);
  });

  it('plain view: the same [WARNING] lines on stderr as ansible-playbook 2.14; --json carries them', async () => {
    writeFileSync(join(dir, 'hosts'), 'localhost ansible_connection=local\n');
    const play = (f: string) => `
- hosts: localhost
  gather_facts: false
  tasks:
    - lineinfile: {path: ${f}, regexp: '', line: c}
    - lineinfile: {path: ${f}, search_string: '', line: '{{ item }}'}
      loop: [x, y]
    - command: echo hi
      args: {executable: /bin/bash}
    - user: {name: nobody, append: true, password: plain}
      check_mode: true
`;
    const warningsOf = (text: string) =>
      text
        .split(/\n(?=\S)/)
        .filter((b) => b.startsWith('[WARNING]'))
        .map((b) => b.trim());
    writeFileSync(join(dir, 'a.txt'), 'a\nb\n');
    writeFileSync(join(dir, 'a.yml'), play(join(dir, 'a.txt')));
    const ansible = runAnsiblePlaybook(['-i', join(dir, 'hosts'), join(dir, 'a.yml')]);
    assert.equal(ansible.rc, 0, ansible.out);
    writeFileSync(join(dir, 'f.txt'), 'a\nb\n');
    writeFileSync(join(dir, 'f.yml'), play(join(dir, 'f.txt')));
    const ours = await runCli(['run', join(dir, 'f.yml'), '-i', join(dir, 'hosts')], {
      env: { CI: '1' },
    });
    assert.equal(ours.code, 0, ours.stderr);
    const expected = warningsOf(ansible.out);
    assert.equal(expected.length, 5, ansible.out);
    assert.deepEqual(warningsOf(ours.stderr), expected);
    assert.doesNotMatch(ours.stdout, /WARNING/);
    writeFileSync(join(dir, 'f.txt'), 'a\nb\n');
    const json = await runCli(['run', join(dir, 'f.yml'), '-i', join(dir, 'hosts'), '--json']);
    const results = json.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; item?: unknown; result?: { warnings?: string[] } })
      .filter((e) => e.event === 'host_result' && e.item === undefined);
    assert.match(String(results[0]!.result!.warnings), /^The regular expression is an empty string/);
    // a loop's result holds its items' warnings, as Ansible's registered loop result does
    assert.equal(results[1]!.result!.warnings!.length, 2);
    assert.match(String(results[2]!.result!.warnings), /parameter 'executable' is no longer supported/);
    assert.equal(results[3]!.result!.warnings!.length, 2);
  });

  /** The [WARNING] blocks ansible-playbook and fabplay print for the same playbook, which must agree. */
  async function sameWarnings(name: string, playbook: string, count: number): Promise<void> {
    writeFileSync(join(dir, 'hosts'), 'localhost ansible_connection=local\n');
    writeFileSync(join(dir, name), playbook);
    const blocks = (text: string) =>
      text
        .split(/\n(?=\S)/)
        .filter((b) => b.startsWith('[WARNING]'))
        .map((b) => b.trim());
    const ansible = runAnsiblePlaybook(['-i', join(dir, 'hosts'), join(dir, name)]);
    assert.equal(ansible.rc, 0, ansible.out);
    const ours = await runCli(['run', join(dir, name), '-i', join(dir, 'hosts')], { env: { CI: '1' } });
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(blocks(ansible.out).length, count, ansible.out);
    assert.deepEqual(blocks(ours.stderr), blocks(ansible.out));
  }

  it("arguments given as one template: Ansible's argsplat warning, once per task and host", () =>
    sameWarnings(
      'splat.yml',
      `
- hosts: localhost
  gather_facts: false
  vars:
    a: { msg: hi }
  tasks:
    - debug: "{{ a }}"
    - debug: "{{ {'msg': item} }}"
      loop: [x, y]
`,
      2,
    ));

  it("lookups: a file not in the search path, errors='warn', on_missing='warn'", () =>
    sameWarnings(
      'lookups.yml',
      `
- hosts: localhost
  gather_facts: false
  tasks:
    - debug: { msg: "{{ lookup('file', 'nope.txt', errors='warn') }}" }
    - debug: { msg: "{{ lookup('file', 'nope.txt', errors='ignore') }}" }
    - debug: { msg: "{{ lookup('fileglob', 'nodir/*.txt') }}" }
    - debug: { msg: "{{ lookup('template', 'none.j2', errors='warn') }}" }
    - debug: { msg: "{{ lookup('pipe', 'exit 3', errors='warn') }}" }
    - debug: { msg: "{{ lookup('unvault', 'none.txt', errors='warn') }}" }
    - debug: { msg: "{{ lookup('config', 'NO_SUCH_SETTING', on_missing='warn') }}" }
    - debug: { msg: "{{ lookup('env', 'NO_SUCH_ENV_X') }}" }
    - debug: { msg: "{{ lookup('file', 'nope.txt', errors='warn') }}" }
      loop: [1, 2]
    - debug: { msg: "{{ item }}" }
      loop: "{{ query('file', 'nope.txt', errors='warn') }}"
`,
      14,
    ));
});
