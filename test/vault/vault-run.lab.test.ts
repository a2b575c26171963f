import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { LAB_USER, LAB_USER_PASSWORD, useLab } from '../helpers/lab.js';

/**
 * A playbook whose group_vars are a whole-file vault (connection user, its SSH and become
 * passwords, a secret) and whose host_vars hold an inline `!vault` value ansible-vault wrote, run
 * on lab hosts as an unprivileged user with sudo: the secrets reach the hosts, and show nowhere
 * in the output at -vvv or in --json. A wrong, missing or corrupted vault stops the run before
 * any host is touched, with exit 3.
 */

describe('vault: a vaulted playbook on lab hosts @lab', function () {
  this.timeout(180000);
  const lab = useLab({ hosts: 2 });
  const secret = `db-${randomBytes(9).toString('hex')}`;
  const inlineSecret = `inline ${randomBytes(6).toString('hex')} ünï`;
  let dir: string;
  let pwFile: string;
  let groupVars: string;
  const marker = '/root/fabplay-vault-marker';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-vault-lab-'));
    pwFile = join(dir, 'vault-pass');
    writeFileSync(pwFile, randomBytes(12).toString('hex') + '\n', { mode: 0o600 });
    writeFileSync(join(dir, 'hosts.yml'), readFileSync(lab.inventory));
    mkdirSync(join(dir, 'group_vars'));
    mkdirSync(join(dir, 'host_vars'));
    groupVars = join(dir, 'group_vars', 'lab.yml');
    writeFileSync(
      groupVars,
      [
        `ansible_user: ${LAB_USER}`,
        `ansible_password: ${JSON.stringify(LAB_USER_PASSWORD)}`,
        `ansible_become_password: ${JSON.stringify(LAB_USER_PASSWORD)}`,
        `db_secret: ${secret}`,
        '',
      ].join('\n'),
    );
    const enc = await runCli(['vault', 'encrypt', '--vault-id', `lab@${pwFile}`, groupVars]);
    assert.equal(enc.code, 0, enc.stderr);
    const inline = execFileSync(
      'ansible-vault',
      ['encrypt_string', '--vault-id', `lab@${pwFile}`, '--stdin-name', 'inline_secret'],
      {
        input: inlineSecret,
        encoding: 'utf8',
      },
    );
    writeFileSync(join(dir, 'host_vars', 'h1.yml'), inline + '\n');
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: lab
  become: true
  gather_facts: false
  tasks:
    - shell: id -un > /tmp/fabplay-vault-who
      become: false
    - copy: {content: "{{ db_secret }}", dest: ${marker}, mode: "0600"}
    - command: cat ${marker}
      register: back
    - debug: var=back.stdout
    - debug: msg="{{ inline_secret | default('none') }}"
    - copy: {content: "{{ inline_secret }}", dest: /root/fabplay-vault-inline}
      when: inline_secret is defined
`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (extra: string[]) =>
    runCli(['run', join(dir, 'site.yml'), '-i', join(dir, 'hosts.yml'), ...extra], { cwd: dir });

  /** Files under /tmp and $HOME written since `stamp` that hold a secret (the lab hosts' files live in /run). */
  const controllerFilesWith = (stamp: string): string =>
    execFileSync(
      'sh',
      [
        '-c',
        'find /tmp "$HOME" -xdev -newer "$1" -type f -size -2M -print0 2>/dev/null | xargs -0 -r grep -lF -e "$2" -e "$3" -- 2>/dev/null || true',
        'sh',
        stamp,
        secret,
        inlineSecret,
      ],
      { encoding: 'utf8' },
    );

  const hides = (out: string): void => {
    for (const s of [secret, inlineSecret, LAB_USER_PASSWORD])
      assert.ok(!out.includes(s), `output shows ${s}:\n${out}`);
  };

  it('fails a wrong, missing or corrupted vault with exit 3 before touching any host', async () => {
    const wrong = join(dir, 'wrong-pass');
    writeFileSync(wrong, 'not-the-password\n');
    const r1 = await run(['--vault-id', `lab@${wrong}`]);
    assert.equal(r1.code, 3, r1.stderr + r1.stdout);
    assert.match(
      r1.stderr,
      /Decryption failed \(no vault secrets were found that could decrypt\) on \S*group_vars\/lab\.yml \(vault id 'lab'\): the vault password for vault id 'lab' does not match/,
    );
    assert.doesNotMatch(r1.stdout, /PLAY \[/);

    const r2 = await run([]);
    assert.equal(r2.code, 3);
    assert.match(
      r2.stderr,
      /A vault password or secret must be specified to decrypt \S*group_vars\/lab\.yml \(vault id 'lab'\)/,
    );

    const good = readFileSync(groupVars, 'utf8');
    try {
      writeFileSync(groupVars, good.split('\n').slice(0, 3).join('\n') + '\n');
      const r3 = await run(['--vault-id', `lab@${pwFile}`]);
      assert.equal(r3.code, 3);
      assert.match(r3.stderr, /group_vars\/lab\.yml is not a readable vault: .*(truncated|corrupted)/);
    } finally {
      writeFileSync(groupVars, good);
    }
    for (const h of lab.hosts)
      assert.equal((await lab.exec(h, `test -e ${marker}`)).rc, 1, `${h} was touched`);
  });

  it('runs as the vaulted user with the vaulted become password; no secret in the -vvv output', async () => {
    const stamp = join(dir, 'stamp');
    writeFileSync(stamp, '');
    const r = await run(['--vault-id', `lab@${pwFile}`, '-vvv', '--diff']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    hides(r.stdout + r.stderr);
    assert.equal(controllerFilesWith(stamp), '', 'a file on the controller holds a secret');
    assert.match(r.stdout, /\*{8}/);
    for (const h of lab.hosts) {
      assert.equal(
        (await lab.exec(h, `stat -c %U:%a ${marker} && cat ${marker}`)).stdout,
        `root:600\n${secret}`,
      );
    }
    assert.equal((await lab.exec('h1', 'cat /root/fabplay-vault-inline')).stdout, inlineSecret);
    assert.equal((await lab.exec('h2', 'test -e /root/fabplay-vault-inline')).rc, 1);
  });

  it('hides the secrets in --json', async () => {
    await lab.exec('h1', `rm -f ${marker} /root/fabplay-vault-inline`);
    const r = await runCli(['run', join(dir, 'site.yml'), '-i', join(dir, 'hosts.yml'), '--json', '--diff'], {
      cwd: dir,
      env: { FABPLAY_VAULT_PASSWORD_FILE: pwFile },
    });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    hides(r.stdout + r.stderr);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string });
    assert.ok(events.some((e) => e.event === 'recap'));
    assert.equal((await lab.exec('h1', `cat ${marker}`)).stdout, secret);
  });
});
