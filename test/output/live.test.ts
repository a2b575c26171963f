// Issue 19: the live view (a real terminal: tmux, 120x40) keeps what happened on screen once a
// task is done: each task's per-host outcome, the diffs with --diff, the messages of a failed
// and of an ignored task; -v adds every result's details. (50 lab hosts: live.lab.test.ts.)
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { inTerminal } from '../helpers/terminal.js';
import { outcomeLine, progressLines } from '../../src/output/live.js';

describe('output: the live view in a terminal', function () {
  this.timeout(90000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-live-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names each outcome; many hosts are counted with the first names', () => {
    const hosts = new Map(
      [...Array(8).keys()].map((i) => [`h${i}`, { state: i < 6 ? 'ok' : i === 6 ? 'changed' : 'failed' }]),
    );
    assert.equal(
      stripVTControlCharacters(outcomeLine(hosts)),
      'changed: h6  failed: h7  ok: 6 hosts (h0 h1 h2 ...)',
    );
  });

  it('many hosts: a bar of hosts done and the slowest still running', () => {
    const hosts = new Map([
      ['a', { state: 'ok', started: 0, ms: 5 }],
      ['b', { state: 'running', started: 1000 }],
      ['c', { state: 'running', started: 500 }],
    ]);
    const [bar, slow] = progressLines(hosts, 4, 3000);
    assert.match(bar!, /^\[#+\.+\] 1\/4 hosts done$/);
    assert.equal(slow, 'slowest: c 2.5s, b 2.0s');
  });

  it('2 hosts with --diff: per-host outcomes, diff lines, the failed and the ignored message stay after the run', async function () {
    writeFileSync(
      join(dir, 'hosts.ini'),
      '[web]\nh1 ansible_connection=local\nh2 ansible_connection=local\n',
    );
    writeFileSync(
      join(dir, 'p.yml'),
      `
- hosts: web
  gather_facts: false
  tasks:
    - name: files
      copy: {dest: "${dir}/out-{{ inventory_hostname }}-{{ item }}.txt", content: "line {{ item }} of {{ inventory_hostname }}\\n"}
      loop: [a, b, c]
    - name: may fail
      command: "sh -c 'echo probe broke on {{ inventory_hostname }} >&2; exit 1'"
      ignore_errors: true
    - name: gate
      assert: {that: [true], success_msg: "gate passed on {{ inventory_hostname }}"}
    - name: hard fail
      fail: msg="gate closed on {{ inventory_hostname }}"
      when: inventory_hostname == 'h2'
`,
    );
    const screen = await inTerminal(['run', 'p.yml', '-i', 'hosts.ini', '--diff'], dir);
    assert.match(screen, /^EXIT=2$/m, screen);
    assert.match(screen, /TASK \[files\]\n\s+› changed: h[12] h[12]\n/);
    for (const h of ['h1', 'h2'])
      for (const item of ['a', 'b', 'c']) {
        assert.ok(screen.includes(`+++ after: ${dir}/out-${h}-${item}.txt`), `diff header of ${h} ${item}`);
        assert.ok(screen.includes(`+line ${item} of ${h}`), `diff line of ${h} ${item}`);
      }
    assert.match(screen, /TASK \[may fail\]\n\s+› ignored: h[12] h[12]\n/);
    assert.match(screen, /fatal: \[h1\]: FAILED! .*probe broke on h1/);
    assert.match(screen, /\.\.\.ignoring/);
    // a task that failed on a host is marked failed in the view (listr2's cross), not done
    assert.match(screen, /✖ TASK \[hard fail\]\n\s+› failed: h2 {2}skipped: h1\n/);
    assert.match(screen, /✔ TASK \[may fail\]\n/);
    assert.match(screen, /fatal: \[h2\]: FAILED! => \{[\s\S]*?"msg":\s+"gate closed on h2"\}/);
    // an assert's result shows as it comes, as Ansible prints it without -v (a rollout's gate)
    for (const h of ['h1', 'h2'])
      assert.match(
        screen,
        new RegExp(
          `ok: \\[${h}\\] => \\{\\n\\s+"changed": false,\\n\\s+"msg": "gate passed on ${h}"\\n\\s+\\}`,
        ),
      );
    assert.match(screen, /^h2\s+: ok=3\s+changed=2\s+unreachable=0\s+failed=1/m);
  });

  it('-v keeps the live view and adds each result with its details, as the plain view prints them', async function () {
    writeFileSync(join(dir, 'two.ini'), '[web]\nh1 ansible_connection=local\nh2 ansible_connection=local\n');
    writeFileSync(
      join(dir, 'v.yml'),
      `
- hosts: web
  gather_facts: false
  tasks:
    - name: say
      command: echo hello {{ inventory_hostname }}
    - name: note
      file: {path: "${dir}", state: directory}
      loop: [x]
`,
    );
    const screen = await inTerminal(['run', 'v.yml', '-i', 'two.ini', '-v'], dir);
    assert.match(screen, /^EXIT=0$/m, screen);
    assert.match(screen, /PLAYBOOK: \S+\/v\.yml/);
    // the live view's task entries with their outcome line, not the plain view's banners
    assert.match(screen, /TASK \[say\]\n\s+› changed: h[12] h[12]\n/);
    assert.doesNotMatch(screen, /TASK \[say\] \*{3}/);
    // then each host's result as the plain view prints it at -v: on one line, as Ansible's
    // callback does below -vvv (the terminal wraps it)
    for (const h of ['h1', 'h2']) {
      assert.match(
        screen,
        new RegExp(`changed: \\[${h}\\] => \\{"changed": true, "cmd": \\["echo", "hello", "${h}"\\]`),
      );
      assert.match(
        screen,
        new RegExp(`"stdout":\\s+"hello\\s+${h}",\\s+"stdout_lines":\\s+\\["hello\\s+${h}"\\]\\}`),
      );
      assert.match(screen, new RegExp(`ok: \\[${h}\\] => \\(item=x\\) => \\{"ansible_loop_var": "item"`));
    }
    assert.match(screen, new RegExp(`"path": "${dir}"`));
    assert.match(screen, /^h1\s+: ok=2\s+changed=1/m);
  });

  it('a rollout: each batch with the hosts done, failed and pending, the gate results as they come, where it stopped', async function () {
    writeFileSync(
      join(dir, 'four.ini'),
      `[servers]\n${[1, 2, 3, 4].map((i) => `h${i} ansible_connection=local`).join('\n')}\n`,
    );
    writeFileSync(
      join(dir, 'roll.yml'),
      `
- name: roll
  hosts: servers
  gather_facts: false
  serial: 1
  max_fail_percentage: 0
  tasks:
    - name: gate
      assert:
        that: [inventory_hostname != 'h2']
        success_msg: "gate passed on {{ inventory_hostname }}"
        fail_msg: "gate failed on {{ inventory_hostname }}"
`,
    );
    const screen = await inTerminal(['run', 'roll.yml', '-i', 'four.ini'], dir);
    assert.match(screen, /^EXIT=2$/m, screen);
    assert.match(screen, /BATCH 1 of 4 \[roll\]: h1 \*+\n {2}done: - {2}failed: - {2}pending: h2 h3 h4\n/);
    assert.match(screen, /BATCH 2 of 4 \[roll\]: h2 \*+\n {2}done: h1 {2}failed: - {2}pending: h3 h4\n/);
    assert.doesNotMatch(screen, /BATCH 3 of 4/);
    assert.match(screen, /ok: \[h1\] => \{\n\s+"changed": false,\n\s+"msg": "gate passed on h1"/);
    assert.match(
      screen,
      /✖ TASK \[gate\]\n\s+› failed: h2\n\s+fatal: \[h2\]: FAILED! => [\s\S]*?"msg":\s+"gate failed on h2"/,
    );
    assert.match(
      screen,
      /ROLLOUT STOPPED \[roll\] after batch 2 of 4: h2\n\s+h2 failed \[gate\]: gate failed on h2\n\s+not reached: h3 h4/,
    );
  });

  it("module warnings (lineinfile's empty regexp) stay under their task as [WARNING] lines", async function () {
    writeFileSync(join(dir, 'w.txt'), 'a\nb\n');
    writeFileSync(join(dir, 'hosts-w.ini'), 'h1 ansible_connection=local\n');
    writeFileSync(
      join(dir, 'w.yml'),
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: empty regexp
      lineinfile: {path: "${dir}/w.txt", regexp: "", line: c}
`,
    );
    const screen = await inTerminal(['run', 'w.yml', '-i', 'hosts-w.ini'], dir);
    assert.match(screen, /^EXIT=0$/m, screen);
    assert.match(
      screen.replace(/\s+/g, ' '),
      /TASK \[empty regexp\] › changed: h1 \[WARNING\]: The regular expression is an empty string, which will match every line in the file\./,
    );
  });
});
