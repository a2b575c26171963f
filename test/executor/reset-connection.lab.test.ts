import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';
import { useLab } from '../helpers/lab.js';
import { alive } from '../helpers/alive.js';
import { keeperPids } from '../helpers/keepers.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/**
 * meta: reset_connection over SSH: the host's connection ends and the next task logs in anew (a
 * new TCP connection: SSH_CONNECTION names another client port), where two tasks without it share
 * one. With ControlPersist the kept connection itself is stopped in its keeper (as Ansible's
 * `ssh -O stop`), and the new one is kept in its place. ansible-playbook 2.14 runs the same
 * playbook and must show the same: one login before the reset, another after it.
 */
describe('meta: reset_connection over SSH @lab', function () {
  this.timeout(180_000);
  const lab = useLab({ hosts: 2 });

  const playbook = `- hosts: lab
  gather_facts: false
  tasks:
    - command: printenv SSH_CONNECTION
      register: a
      changed_when: false
    - command: printenv SSH_CONNECTION
      register: b
      changed_when: false
    - meta: reset_connection
    - command: printenv SSH_CONNECTION
      register: c
      changed_when: false
    - debug:
        msg: "a={{ a.stdout }} b={{ b.stdout }} c={{ c.stdout }}"
`;

  /** Each host's SSH_CONNECTION before the reset (twice) and after it, from the debug lines. */
  function logins(stdout: string): Record<string, { a: string; b: string; c: string }> {
    const out: Record<string, { a: string; b: string; c: string }> = {};
    for (const m of stdout.matchAll(/^ok: \[(h\d)\] => \{\n\s+"msg": "a=([^"]*) b=([^"]*) c=([^"]*)"/gm))
      out[m[1]!] = { a: m[2]!, b: m[3]!, c: m[4]! };
    return out;
  }

  function assertResetBetween(stdout: string, who: string): Record<string, { a: string; c: string }> {
    const seen = logins(stdout);
    assert.deepEqual(Object.keys(seen).sort(), ['h1', 'h2'], `${who}: ${stdout}`);
    for (const [h, { a, b, c }] of Object.entries(seen)) {
      assert.match(a, /^\S+ \d+ \S+ 22$/, `${who} ${h}`);
      assert.equal(b, a, `${who} ${h}: one connection until the reset`);
      assert.notEqual(c, a, `${who} ${h}: a new login after the reset`);
    }
    return seen;
  }

  function workDir(name: string, cfg = ''): string {
    const dir = tempDirUntilExit(name);
    writeFileSync(join(dir, 'site.yml'), playbook);
    if (cfg) writeFileSync(join(dir, 'ansible.cfg'), cfg);
    return dir;
  }

  it('ends the connection; the next task logs in anew, and -vv says so', async () => {
    const dir = workDir('fp-reset-conn');
    const r = await runCli(['run', 'site.yml', '-i', lab.inventory, '-vv'], {
      cwd: dir,
      env: { NO_COLOR: '1' },
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assertResetBetween(r.stdout, 'fabplay');
    assert.equal(r.stdout.match(/META: reset connection/g)?.length, 2, r.stdout);
  });

  it('with ControlPersist, stops the kept connection and keeps the new one', async () => {
    const cp = join(tempDirUntilExit('fp-reset-cp'), 'cp');
    const dir = workDir(
      'fp-reset-kept',
      `[ssh_connection]\nssh_args = -o ControlMaster=auto -o ControlPersist=60s\ncontrol_path_dir = ${cp}\n`,
    );
    const run = async () => {
      const r = await runCli(['run', 'site.yml', '-i', lab.inventory], { cwd: dir, env: { NO_COLOR: '1' } });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      return assertResetBetween(r.stdout, 'fabplay, kept');
    };
    try {
      const first = await run();
      const second = await run();
      for (const h of ['h1', 'h2'])
        assert.equal(
          second[h]!.a,
          first[h]!.c,
          `${h}: the next run logs in on the connection kept after the reset`,
        );
      const sockets = readdirSync(cp).filter((f) => f.startsWith('fabplay-') && !f.endsWith('.log'));
      assert.equal(
        sockets.length,
        2,
        `one kept connection per host, the stopped ones gone: ${sockets.join(' ')}`,
      );
    } finally {
      for (const pid of keeperPids(cp)) if (alive(pid)) process.kill(pid, 'SIGTERM');
    }
  });

  it('ansible-playbook 2.14 shows the same: one login before the reset, another after', function () {
    if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
    const dir = workDir('fp-reset-ansible');
    const r = ansiblePlaybook(['-i', lab.inventory, 'site.yml'], dir, { ANSIBLE_HOST_KEY_CHECKING: 'False' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assertResetBetween(r.stdout, 'ansible-playbook');
  });
});
