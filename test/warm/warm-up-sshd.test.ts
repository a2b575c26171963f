import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startWarmUpSshd, type WarmUpSshd } from '../../src/warm/warm-up-sshd.js';
import { writeWarmUpPlaybook } from '../../src/warm/warm-up.js';

/**
 * The SSH server a warm process warms up against (src/warm/warm-up-sshd.ts): fabplay's own SSH
 * client must find in it what it finds in OpenSSH's sshd for a re-run (commands, a shell session,
 * SFTP stat and reads), else the warm-up would warm an error path. The runs are fabplay's CLI in
 * a child process; the server is this process's.
 */

/** Besides the warm-up's own playbook: a command's output, status and standard error. */
const COMMANDS = `- hosts: all
  gather_facts: false
  tasks:
    - shell: cat {{ playbook_dir }}/out/copy2.txt; echo to-stderr >&2; exit 3
      register: r
      changed_when: false
      failed_when: false
    - debug:
        msg: "{{ r.stdout }} / {{ r.rc }} / {{ r.stderr }}"
`;

describe('the warm-up SSH server (warm-up-sshd.ts)', function () {
  this.timeout(60000);
  let dir: string;
  let sshd: WarmUpSshd | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-warm-up-sshd-'));
    writeWarmUpPlaybook(dir);
    writeFileSync(join(dir, 'commands.yml'), COMMANDS);
    writeFileSync(join(dir, 'local'), 'localhost ansible_connection=local\n');
    writeFileSync(
      join(dir, 'ansible.cfg'),
      `[defaults]\nretry_files_enabled = False\nhost_key_checking = False\n[ssh_connection]\ncontrol_path_dir = ${dir}/cp\n`,
    );
  });

  afterEach(() => {
    sshd?.close();
    sshd = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const inventory = (password: string): string => {
    writeFileSync(
      join(dir, 'ssh'),
      `warm ansible_host=warm ansible_user=root ansible_password=${password} ` +
        `ansible_ssh_common_args='-o ProxyCommand="socat - UNIX-CONNECT:${dir}/sshd.sock"'\n`,
    );
    return 'ssh';
  };
  const run = (inv: string, playbook = 'warm-up.yml') =>
    runCli(['run', playbook, '-i', inv], {
      cwd: dir,
      env: { HOME: dir, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1' },
    });

  it("serves a re-run over SSH as sshd does: checks by SFTP, commands' output and status", async () => {
    const first = await run('local');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    sshd = await startWarmUpSshd(join(dir, 'sshd.sock'));
    const r = await run(inventory(sshd.password));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /warm\s+: ok=7\s+changed=0\s+unreachable=0\s+failed=0/);
    assert.match(r.stdout, /"msg": "item 1 21"/, 'a command and a stat over SSH');
    const c = await run('ssh', 'commands.yml');
    assert.equal(c.code, 0, c.stdout + c.stderr);
    assert.match(c.stdout, /"msg": "item 2 \/ 3 \/ to-stderr"/);
  });

  it('takes only its own password', async () => {
    sshd = await startWarmUpSshd(join(dir, 'sshd.sock'));
    const r = await run(inventory(`not-${sshd.password}`));
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /UNREACHABLE!.*permission denied/s);
  });

  it('refuses a write, and the task fails with the reason instead of hanging', async () => {
    sshd = await startWarmUpSshd(join(dir, 'sshd.sock'));
    const r = await run(inventory(sshd.password));
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /warm\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=1/);
    assert.match(r.stdout, /could not create the directory .*\/out on warm: Operation unsupported/);
  });

  it('ends its connections when closed', async () => {
    const first = await run('local');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    sshd = await startWarmUpSshd(join(dir, 'sshd.sock'));
    const password = sshd.password;
    sshd.close();
    sshd = undefined;
    const r = await run(inventory(password));
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /UNREACHABLE!/);
  });
});
