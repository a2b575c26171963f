import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli } from '../../helpers/cli.js';
import { LAB_USER_PASSWORD, useLab } from '../../helpers/lab.js';
import { ansibleTasks } from '../../helpers/ansible-playbook.js';
import { hasCommand } from '../../roles/checkers.js';
import { tempDirUntilExit } from '../../helpers/temp-dir.js';

/**
 * synchronize beside ansible-playbook 2.14: the same playbook (test/fixtures/synchronize/sync.yml)
 * runs with fabplay on h1 and with ansible-playbook on h2, twice (the second run shows
 * idempotence), with --diff; each task's result (changed, msg = rsync's itemized lines, rc, cmd),
 * the trees pushed to each host and the trees pulled from it must be the same. What differs by
 * nature is masked: the host's name and address.
 */
type Results = [string, Record<string, unknown>][];
// an extra var reaches Ansible's synchronize as the host's password (hostvars), a task's does not
const PASSWORD = ['-e', `ansible_password=${LAB_USER_PASSWORD}`];

describe('synchronize beside ansible-playbook 2.14 @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 2 });
  const dir = tempDirUntilExit('fp-sync');

  before(function () {
    if (!hasCommand('ansible-playbook') || !hasCommand('rsync')) this.skip();
    copyFileSync(join(repoRoot, 'test', 'fixtures', 'synchronize', 'sync.yml'), join(dir, 'sync.yml'));
    const put = (path: string, text: string) => {
      mkdirSync(join(dir, 'files', path, '..'), { recursive: true });
      writeFileSync(join(dir, 'files', path), text);
    };
    put('tree/a.txt', 'a\n');
    put('tree/sub/b.txt', 'b\n');
    put('tree/keep.txt', 'kept\n');
    put('tree/sub/deep/c.txt', 'c\n'.repeat(100));
    put('small/a.txt', 'a changed\n');
    execFileSync('ln', ['-s', 'a.txt', join(dir, 'files', 'tree', 'link')]);
    // the same times on both runs' sources: rsync compares them
    execFileSync('find', [
      join(dir, 'files'),
      '-exec',
      'touch',
      '-h',
      '-d',
      '2024-01-02 03:04:05',
      '{}',
      '+',
    ]);
  });

  const mask = (text: string) =>
    text
      .replace(new RegExp(`${lab.addr('h1')}|${lab.addr('h2')}`, 'g'), 'ADDR')
      .replace(/\bh[12]\b/g, 'hX')
      // the descriptor sshpass reads the password from: Ansible's pipe, fabplay's standard input
      .replace(/sshpass -d\d+/g, 'sshpass -dN')
      // when ssh refuses the login, rsync's own exit races the closed connection: it says code 12
      // ("error in rsync protocol data stream") or 255 ("unexplained error") from run to run, under
      // either tool (the fresh-root run saw fabplay 255 and Ansible 12)
      .replace(/rsync error: [a-z ]+ \(code (?:12|255)\)/g, 'rsync error: (code 12 or 255)')
      .replace(/"rc":(?:12|255),/g, '"rc":"12 or 255",');

  function normal(r: Record<string, unknown>): string {
    const keep = ['changed', 'failed', 'msg', 'rc', 'cmd', 'stdout_lines', 'diff', 'skipped', 'warnings'];
    const picked = Object.fromEntries(keep.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
    if (!picked.failed) delete picked.failed;
    return mask(JSON.stringify(picked));
  }

  async function fabplay(extra: string[]): Promise<Results> {
    const r = await runCli(
      ['run', 'sync.yml', '-i', lab.inventory, '--limit', 'h1', '--diff', '--json', ...extra],
      {
        cwd: dir,
      },
    );
    assert.ok(r.code === 0 || r.code === 2, r.stderr);
    return r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event: string; task: string; result: Record<string, unknown> })
      .filter((e) => e.event === 'host_result')
      .map((e) => [e.task, e.result]);
  }

  async function ansible(extra: string[]): Promise<Results> {
    const tasks = await ansibleTasks(
      ['-i', lab.inventory, '--limit', 'h2', '--diff', 'sync.yml', ...extra],
      dir,
    );
    return tasks.map((t) => [t.task.name, t.hosts.h2!]);
  }

  /** every path under the synced directories: type, mode, owner, size, and the bytes' sum */
  async function trees(host: string): Promise<string> {
    const r = await lab.exec(
      host,
      `cd /srv && find sync* /home/fpl/sync-a.txt -printf '%p %y %m %u %s %l\\n' | sort && find sync* -type f -exec md5sum {} + | sort`,
    );
    return r.stdout;
  }

  function pulled(host: string): string {
    return execFileSync(
      'sh',
      ['-c', `cd ${dir}/pulled-${host} && find . -printf '%p %y %m %s %l\\n' | sort`],
      {
        encoding: 'utf8',
      },
    );
  }

  it('the same results, trees on the hosts and pulled trees, on a first and a second run', async () => {
    for (const round of ['first', 'second']) {
      const extra = round === 'second' ? PASSWORD : [];
      const [ours, theirs] = [await fabplay(extra), await ansible(extra)];
      assert.deepEqual(
        ours.map(([t]) => t),
        theirs.map(([t]) => t),
        `${round} run: the same tasks ran`,
      );
      for (const [i, [task, r]] of ours.entries())
        assert.equal(normal(r), normal(theirs[i]![1]), `${round} run, task '${task}'`);
      assert.equal(await trees('h1'), await trees('h2'), `${round} run: the trees on the hosts`);
      assert.equal(pulled('h1'), pulled('h2'), `${round} run: the pulled trees`);
      const byTask = new Map(ours);
      const changed = { get: (t: string) => byTask.get(t)!.changed };
      assert.equal(changed.get('push a tree'), round === 'first');
      assert.equal(changed.get('push it again'), false);
      assert.equal(changed.get('check mode reports and changes nothing'), true);
      assert.equal(
        changed.get("delegated to localhost, with an rsh of its own that carries the lab's ssh options"),
        round === 'first',
      );
      const login = byTask.get("log in as another user with the inventory's password (sshpass), no key")!;
      // without the password the login fails; with it, sshpass types it
      assert.equal(login.failed, round === 'first');
      assert.equal(login.changed, round === 'second');
      assert.equal(changed.get("a play's or task's password is not given to sshpass"), round === 'first');
      assert.equal(String(byTask.get('push it again')!.cmd).startsWith('sshpass -d0 '), round === 'second');
    }
    assert.equal((await lab.exec('h1', 'ls /srv/sync-check')).rc, 2, 'check mode made nothing');
    assert.equal(
      (await lab.exec('h1', 'cat /srv/sync-del/a.txt /srv/sync-del/keep.txt')).stdout,
      'a changed\nkept\n',
    );
    assert.equal((await lab.exec('h1', 'ls /srv/sync-del/sub')).rc, 2, 'delete removed sub/');
  });
});
