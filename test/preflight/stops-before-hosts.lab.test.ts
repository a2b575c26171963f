import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { useLab } from '../helpers/lab.js';

/**
 * The preflight stops a run before any host is touched: a playbook whose 40th task has a bad
 * argument, run against 3 lab hosts, exits 3 naming that task's line, and no host's overlay upper
 * layer changes (the 39 tasks before it would each have written a file).
 */

describe('preflight: a mistake in the 40th task stops the run before any host is touched @lab', function () {
  this.timeout(180_000);
  const lab = useLab({ hosts: 3, segments: 1 });
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-preflight-lab-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Every path of a host's upper layer with its size and mtime: any write shows. */
  const snapshot = (h: string): string =>
    execFileSync('find', [lab.upperDir(h), '-printf', '%P %s %T@\\n'], { encoding: 'utf8' })
      .split('\n')
      .sort()
      .join('\n');

  it('exits 3 naming the 40th task, and changes nothing on the 3 hosts', async () => {
    const tasks: string[] = [];
    for (let i = 1; i <= 39; i++)
      tasks.push(`    - name: write ${i}\n      copy: {dest: /srv/preflight-${i}.txt, content: "${i}\\n"}\n`);
    tasks.push('    - name: the bad one\n      file: {path: /srv/preflight-dir, state: folder}\n');
    const text = `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks.join('')}`;
    const pb = join(dir, 'forty.yml');
    writeFileSync(pb, text);
    // the line of the 40th task's `state:` key
    const line = text.split('\n').findIndex((l) => l.includes('the bad one')) + 2;

    const before = lab.hosts.map(snapshot);
    const r = await runCli(['run', pb, '-i', lab.inventory]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `forty\\.yml:${line}:40: task "the bad one": file: value of state must be one of: .*got: folder`,
      ),
    );
    assert.doesNotMatch(r.stdout, /TASK \[/, 'no task started');
    assert.deepEqual(lab.hosts.map(snapshot), before, 'an upper layer changed');
    for (const h of lab.hosts) {
      const ls = await lab.exec(h, 'ls /srv/preflight-1.txt 2>&1 || true');
      assert.match(ls.stdout, /No such file/, h);
    }
  });
});
