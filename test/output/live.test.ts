// Issue 19: the live view (a real terminal: tmux, 120x40) keeps what happened on screen once a
// task is done: each task's per-host outcome, the diffs with --diff, the messages of a failed
// and of an ignored task.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { repoRoot, tsxLoader } from '../helpers/cli.js';
import { hasCommand } from '../roles/checkers.js';
import { outcomeLine, progressLines } from '../../src/output/live.js';

const tmux = (...args: string[]) => spawnSync('tmux', args, { encoding: 'utf8' });
const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `args` of fabplay in a detached tmux session; the whole screen and scrollback when it ends. */
async function inTerminal(args: string[], cwd: string): Promise<string> {
  const session = `fabplay-live-${process.pid}-${Date.now()}`;
  const cmd = [
    `cd ${shq(cwd)} &&`,
    `env -u CI FABPLAY_RETRY_DIR=${shq(join(cwd, 'retry'))}`,
    `node --import ${shq(tsxLoader)} ${shq(join(repoRoot, 'test/helpers/cli-entry.ts'))}`,
    ...args.map(shq),
    '; echo "EXIT=$?"; sleep 600',
  ].join(' ');
  assert.equal(tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', cmd).status, 0);
  try {
    const deadline = Date.now() + 60000;
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session).stdout;
      if (/^EXIT=\d+/m.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`fabplay did not end in 60 s:\n${screen}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    tmux('kill-session', '-t', session);
  }
}

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

  it('50 hosts: each task says its outcome with a count and names the failed and the ignored host with their messages', async function () {
    assert.ok(hasCommand('tmux'), 'tmux is missing: ./scripts/setup.sh installs it');
    const names = [...Array(50).keys()].map((i) => `h${String(i + 1).padStart(2, '0')}`);
    writeFileSync(
      join(dir, 'many.ini'),
      `[web]\n${names.map((h) => `${h} ansible_connection=local`).join('\n')}\n`,
    );
    writeFileSync(
      join(dir, 'many.yml'),
      `
- hosts: web
  gather_facts: false
  tasks:
    - name: file
      copy: {dest: "${dir}/many-{{ inventory_hostname }}.txt", content: "I am {{ inventory_hostname }}\\n"}
    - name: may fail
      command: "sh -c 'echo probe broke on {{ inventory_hostname }} >&2; exit 1'"
      when: inventory_hostname == 'h13'
      ignore_errors: true
    - name: hard fail
      fail: msg="gate closed on {{ inventory_hostname }}"
      when: inventory_hostname == 'h07'
`,
    );
    const screen = await inTerminal(['run', 'many.yml', '-i', 'many.ini', '--diff', '-f', '10'], dir);
    assert.match(screen, /^EXIT=2$/m, screen);
    assert.match(screen, /TASK \[file\]\n\s+› changed: 50 hosts \(h\d\d h\d\d h\d\d \.\.\.\)\n/);
    assert.ok(screen.includes(`+I am h50`), 'the diff of the last host');
    assert.match(screen, /TASK \[may fail\]\n\s+› ignored: h13 {2}skipped: 49 hosts/);
    assert.match(screen, /fatal: \[h13\]: FAILED! .*probe broke on h13/);
    assert.match(screen, /TASK \[hard fail\]\n\s+› failed: h07 {2}skipped: 49 hosts/);
    assert.match(screen, /"msg":"gate closed on h07"/);
    assert.doesNotMatch(screen, /hosts done/, 'the progress bar goes when the task is done');
  });

  it('2 hosts with --diff: per-host outcomes, diff lines, the failed and the ignored message stay after the run', async function () {
    assert.ok(hasCommand('tmux'), 'tmux is missing: ./scripts/setup.sh installs it');
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
        assert.ok(screen.includes(`+++ ${dir}/out-${h}-${item}.txt`), `diff header of ${h} ${item}`);
        assert.ok(screen.includes(`+line ${item} of ${h}`), `diff line of ${h} ${item}`);
      }
    assert.match(screen, /TASK \[may fail\]\n\s+› ignored: h[12] h[12]\n/);
    assert.match(screen, /fatal: \[h1\]: FAILED! .*probe broke on h1/);
    assert.match(screen, /\.\.\.ignoring/);
    assert.match(screen, /TASK \[hard fail\]\n\s+› failed: h2 {2}skipped: h1\n/);
    assert.match(screen, /fatal: \[h2\]: FAILED! => \{.*"msg":"gate closed on h2"\}/);
    assert.match(screen, /^h2\s+: ok=2\s+changed=2\s+unreachable=0\s+failed=1/m);
  });

  it("module warnings (lineinfile's empty regexp) stay under their task as [WARNING] lines", async function () {
    assert.ok(hasCommand('tmux'), 'tmux is missing: ./scripts/setup.sh installs it');
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
