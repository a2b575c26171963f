import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { interruptGroup, runCli, repoRoot } from '../helpers/cli.js';

/** fabplay run / check / validate as a real process against localhost (local connection). */
const dir = join(repoRoot, 'test/fixtures/playbooks/e2e');
const basic = join(repoRoot, 'test/fixtures/playbooks/basic');

describe('fabplay run, check and validate (real process, local connection)', function () {
  this.timeout(120_000);

  it('runs a playbook: exit 0, -e values reach the tasks', async () => {
    const r = await runCli(['run', 'ok.yml', '-i', 'inv', '-e', 'x=hello-from-e'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /hello-from-e/);
    assert.match(r.stdout, /localhost\s+: ok=2\s+changed=0/);
  });

  it('exits 2 when a task fails', async () => {
    const r = await runCli(['run', 'fail.yml', '-i', 'inv'], { cwd: dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
  });

  it('check --detailed-exitcode exits 8 when something would change, and changes nothing', async () => {
    const r = await runCli(['check', 'change.yml', '-i', 'inv', '--detailed-exitcode'], { cwd: dir });
    assert.equal(r.code, 8, r.stdout + r.stderr);
    assert.equal(existsSync('/tmp/fabplay-e2e-never-written.txt'), false);
  });

  it('--list-hosts prints the hosts each play selects, without running', async () => {
    const r = await runCli(['run', 'ok.yml', '-i', 'inv', '--list-hosts'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      "\nplaybook: ok.yml\n\n  play #1 (all): all\tTAGS: []\n    pattern: ['all']\n    hosts (1):\n      localhost\n",
    );
  });

  it('--syntax-check loads everything and prints the playbook name', async () => {
    const r = await runCli(['run', 'site.yml', '--syntax-check'], { cwd: basic });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '\nplaybook: site.yml\n');
  });

  it('validate checks playbook, roles and inventory without connecting', async () => {
    const r = await runCli(['validate', 'ok.yml', '-i', 'inv'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ok\.yml: ok \(1 plays, 2 tasks, 0 roles\)\ninventory inv: ok\n$/);
  });

  it('has --help on run, check and validate', async () => {
    for (const cmd of ['run', 'check', 'validate']) {
      const r = await runCli([cmd, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`Usage: fabplay ${cmd} \\[options\\] <playbook\\.\\.\\.>`));
      assert.match(r.stdout, /--inventory/);
    }
  });

  it('exits 99 when interrupted with Ctrl-C (SIGINT), though the command it runs dies of it first', async () => {
    let sent = false;
    const r = await runCli(['run', 'slow.yml', '-i', 'inv'], {
      cwd: dir,
      detached: true,
      // the task has started: interrupt it as a terminal does, `sleep` too (it dies of it and
      // fails the task, which must not decide the exit code)
      onStdout: (out, child) => {
        if (!sent && /TASK \[command\]/.test(out)) {
          sent = true;
          setTimeout(() => void interruptGroup(child), 300);
        }
      },
    });
    assert.equal(r.code, 99, r.stdout + r.stderr);
    assert.match(r.stderr, /interrupted/);
  });
});
