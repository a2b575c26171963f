// Issue 19: the live view with 50 lab hosts (real sshd each), in a real terminal (tmux, 120x40):
// once each task is done the screen keeps its per-host outcome (a count and the first names), the
// diff lines of the changed files with --diff, and the messages of a failed and of an ignored task.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useLab } from '../helpers/lab.js';
import { inTerminal } from '../helpers/terminal.js';

describe('output: the live view with 50 lab hosts in a terminal @lab', function () {
  this.timeout(300000);
  const lab = useLab({ hosts: 50 });
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-live-lab-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('each task says its outcome with a count; the diffs, the failed and the ignored host with their messages stay', async () => {
    assert.equal(lab.hosts.length, 50);
    writeFileSync(
      join(dir, 'many.yml'),
      `
- hosts: lab
  gather_facts: false
  tasks:
    - name: file
      copy: {dest: "/srv/live-{{ inventory_hostname }}.txt", content: "I am {{ inventory_hostname }}\\n"}
    - name: may fail
      command: "sh -c 'echo probe broke on {{ inventory_hostname }} >&2; exit 1'"
      when: inventory_hostname == 'h13'
      ignore_errors: true
    - name: hard fail
      fail: msg="gate closed on {{ inventory_hostname }}"
      when: inventory_hostname == 'h7'
    - name: after
      command: "true"
      changed_when: false
`,
    );
    const screen = await inTerminal(
      ['run', 'many.yml', '-i', lab.inventory, '--diff', '-f', '25'],
      dir,
      240000,
    );
    assert.match(screen, /^EXIT=2$/m, screen);
    assert.match(screen, /TASK \[file\]\n\s+› changed: 50 hosts \(h\d+ h\d+ h\d+ \.\.\.\)\n/, screen);
    // every host's diff: the new file and its line
    for (const h of lab.hosts) {
      assert.ok(screen.includes(`+++ after: /srv/live-${h}.txt`), `the diff header of ${h}`);
      assert.ok(screen.includes(`+I am ${h}\n`), `the diff line of ${h}`);
    }
    assert.match(
      screen,
      /TASK \[may fail\]\n\s+› ignored: h13 {2}skipped: 49 hosts \(h\d+ h\d+ h\d+ \.\.\.\)\n/,
    );
    assert.match(screen, /fatal: \[h13\]: FAILED! .*probe broke on h13/);
    assert.match(screen, /\.\.\.ignoring/);
    assert.match(screen, /TASK \[hard fail\]\n\s+› failed: h7 {2}skipped: 49 hosts/);
    assert.match(screen, /fatal: \[h7\]: FAILED! => \{.*"msg": "gate closed on h7"\}/);
    // the run goes on for the 49 others
    assert.match(screen, /TASK \[after\]\n\s+› ok: 49 hosts \(h\d+ h\d+ h\d+ \.\.\.\)\n/);
    assert.doesNotMatch(screen, /hosts done/, 'the progress bar goes when the task is done');
    assert.match(screen, /^h7\s+: ok=1\s+changed=1\s+unreachable=0\s+failed=1/m);
    // as Ansible counts an ignored failure that changed something: ok, changed and ignored
    assert.match(
      screen,
      /^h13\s+: ok=3\s+changed=2\s+unreachable=0\s+failed=0\s+skipped=1\s+rescued=0\s+ignored=1/m,
    );
  });
});
