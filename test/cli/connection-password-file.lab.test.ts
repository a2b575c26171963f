// --connection-password-file (and [defaults] connection_password_file): the SSH password from a
// file or a script, as ansible-playbook 2.14 reads it (with sshpass); a wrong one leaves the host
// unreachable in both, and -k beside the flag is refused.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../helpers/cli.js';
import { LAB_USER, useLab } from '../helpers/lab.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

describe('cli: --connection-password-file @lab', function () {
  this.timeout(180_000);
  const lab = useLab({ hosts: 1 });
  const password = `pw-${randomBytes(6).toString('hex')}`;
  let tmp: ReturnType<typeof makeTempDir>;

  before(async () => {
    const set = await lab.exec('h1', 'chpasswd', `${LAB_USER}:${password}\n`);
    assert.equal(set.rc, 0, set.stderr);
    tmp = makeTempDir('fabplay-conn-pwfile-');
    const st = lab.state;
    // no key named: the login can only be by password
    writeFileSync(
      join(tmp.dir, 'hosts.yml'),
      [
        'all:',
        '  hosts:',
        '    h1:',
        `      ansible_host: ${lab.addr('h1')}`,
        `      ansible_user: ${LAB_USER}`,
        `      ansible_ssh_common_args: ${JSON.stringify(`-o ProxyCommand="${st.proxyCommand}" -o UserKnownHostsFile=${st.knownHostsFile}`)}`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(tmp.dir, 'site.yml'),
      '- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: id -un\n      register: who\n    - debug: {msg: "logged in as {{ who.stdout }}"}\n',
    );
    writeFileSync(join(tmp.dir, 'pw'), `${password}\n`);
    writeFileSync(join(tmp.dir, 'wrong'), 'not-the-password\n');
    writeFileSync(join(tmp.dir, 'pw-script'), `#!/bin/sh\necho '${password}'\n`);
    chmodSync(join(tmp.dir, 'pw-script'), 0o755);
    writeFileSync(join(tmp.dir, 'ansible.cfg'), '[defaults]\nconnection_password_file = pw-script\n');
    writeFileSync(join(tmp.dir, 'empty.cfg'), '[defaults]\n');
  });
  after(() => tmp?.cleanup());

  const LOGGED_IN = new RegExp(`"msg": "logged in as ${LAB_USER}"`);
  const fabplay = (args: string[], cfg = 'empty.cfg') =>
    runCli(['run', '-i', 'hosts.yml', 'site.yml', ...args], {
      cwd: tmp.dir,
      env: { NO_COLOR: '1', CI: '1', ANSIBLE_CONFIG: join(tmp.dir, cfg) },
    });
  const ansible = (args: string[], cfg = 'empty.cfg') =>
    promisify(execFile)('ansible-playbook', ['-i', 'hosts.yml', 'site.yml', ...args], {
      cwd: tmp.dir,
      env: { ...process.env, ANSIBLE_CONFIG: join(tmp.dir, cfg), ANSIBLE_NOCOLOR: '1' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );

  const cases: { what: string; args: string[]; cfg?: string; in: boolean }[] = [
    { what: 'the password in a file', args: ['--connection-password-file', 'pw'], in: true },
    { what: 'a script printing it (--conn-pass-file)', args: ['--conn-pass-file', 'pw-script'], in: true },
    { what: '[defaults] connection_password_file', args: [], cfg: 'ansible.cfg', in: true },
    {
      what: 'the flag over the config',
      args: ['--connection-password-file', 'wrong'],
      cfg: 'ansible.cfg',
      in: false,
    },
  ];
  for (const c of cases) {
    it(`${c.what}: ${c.in ? 'logs in' : 'unreachable'}`, async () => {
      const r = await fabplay(c.args, c.cfg);
      if (c.in) {
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, LOGGED_IN);
      } else {
        assert.equal(r.code, 4, r.stdout + r.stderr);
        assert.match(r.stdout, /UNREACHABLE/);
      }
      assert.doesNotMatch(r.stdout + r.stderr, new RegExp(password));
    });
    it(`ansible-playbook 2.14 agrees: ${c.what}`, async function () {
      if (!existsSync('/usr/bin/ansible-playbook') || !existsSync('/usr/bin/sshpass')) this.skip();
      const r = await ansible(c.args, c.cfg);
      assert.equal(r.code, c.in ? 0 : 4, r.stdout);
      if (c.in) assert.match(r.stdout, LOGGED_IN);
    });
  }

  it('-k beside --connection-password-file is refused, as ansible-playbook refuses it', async () => {
    const r = await fabplay(['-k', '--connection-password-file', 'pw']);
    assert.equal(r.code, 5);
    assert.match(r.stderr, /-k and --connection-password-file exclude each other/);
  });
});
