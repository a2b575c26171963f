import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../helpers/cli.js';
import { LAB_USER, useLab } from '../helpers/lab.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/**
 * The remote_user keyword (play, block, task) is the user a host's connection logs in as, fact
 * gathering included, where the host's variables name none (ansible_user wins over it), and it
 * wins over -u. ansible-playbook 2.14 runs the same playbook on the same inventory: its answers
 * are the expected ones (the lab's key is authorised for every user, so both logins work).
 */
describe('remote_user keyword over SSH @lab', function () {
  this.timeout(180_000);
  const lab = useLab({ hosts: 2 });
  const dir = tempDirUntilExit('fp-remote-user');

  const playbook = `- hosts: lab
  gather_facts: true
  remote_user: ${LAB_USER}
  tasks:
    - command: id -un
      register: play_level
    - command: id -un
      register: task_level
      remote_user: root
    - block:
        - command: id -un
          register: block_level
      remote_user: "{{ 'ro' ~ 'ot' }}"
    - debug:
        msg: "{{ ansible_user_id }} {{ play_level.stdout }} {{ task_level.stdout }} {{ block_level.stdout }}"
`;

  /** h1 names no user, h2 has ansible_user: root */
  function inventory(): string {
    const hostLines = lab.hosts.map((h) => {
      const { ansible_user: _, ...v } = lab.hostVars(h);
      const vars = h === 'h2' ? { ...v, ansible_user: 'root' } : v;
      return `${h} ${Object.entries(vars)
        .map(([k, x]) => `${k}='${x}'`)
        .join(' ')}`;
    });
    const p = join(dir, 'hosts.ini');
    writeFileSync(p, `[lab]\n${hostLines.join('\n')}\n`);
    return p;
  }

  const expected = { h1: `${LAB_USER} ${LAB_USER} root root`, h2: 'root root root root' };

  function messages(stdout: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of stdout.matchAll(/^ok: \[(h\d)\] => \{\n\s+"msg": "([^"]*)"/gm)) out[m[1]!] = m[2]!;
    return out;
  }

  it('logs in as the innermost remote_user, below ansible_user and above -u', async () => {
    const inv = inventory();
    const pb = join(dir, 'site.yml');
    writeFileSync(pb, playbook);
    const r = await runCli(['run', pb, '-i', inv, '-u', 'nobody'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(messages(r.stdout), expected);
  });

  it('ansible-playbook 2.14 logs in as the same users', async function () {
    if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
    const inv = inventory();
    const pb = join(dir, 'site.yml');
    writeFileSync(pb, playbook);
    const { stdout } = await promisify(execFile)('ansible-playbook', ['-i', inv, pb, '-u', 'nobody'], {
      cwd: dir,
      env: { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_NOCOLOR: '1' },
    });
    assert.deepEqual(messages(stdout), expected);
  });
});
