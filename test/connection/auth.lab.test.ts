import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../../src/errors.js';
import { openConnection } from '../../src/connection/index.js';
import { keyNeedsPassphrase } from '../../src/connection/ssh-auth.js';
import { useLab, LAB_USER } from '../helpers/lab.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('ssh authentication and become methods @lab', function () {
  this.timeout(60000);
  const lab = useLab({ hosts: 1 });
  const tmp = tempDirUntilExit('fabplay-auth-test');
  const key = `${tmp}/encrypted_key`;
  let agentPid: number | undefined;

  before(async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret phrase', '-f', key]);
    const pub = readFileSync(`${key}.pub`, 'utf8');
    const r = await lab.exec(
      'h1',
      'umask 077; mkdir -p /root/.ssh && cat >> /root/.ssh/authorized_keys',
      pub,
    );
    assert.equal(r.rc, 0, r.stderr);
  });
  after(() => {
    if (agentPid) process.kill(agentPid, 'SIGTERM');
  });

  it('connects with an encrypted key and its passphrase; says so plainly without it', async () => {
    assert.equal(keyNeedsPassphrase(key), true);
    const c = await openConnection({
      ...lab.spec('h1'),
      privateKeyFile: key,
      privateKeyPassphrase: 'secret phrase',
    });
    assert.equal((await c.exec('hostname')).stdout.toString(), 'h1\n');
    await c.close();
    await assert.rejects(
      openConnection({ ...lab.spec('h1'), privateKeyFile: key, privateKeyPassphrase: 'wrong' }),
      (e: unknown) => e instanceof InputError && /encrypted and the passphrase is wrong/.test(e.message),
    );
  });

  it('connects with a key held by ssh-agent', async () => {
    const sock = `${tmp}/agent.sock`;
    const out = execFileSync('ssh-agent', ['-a', sock, '-s'], { encoding: 'utf8' });
    agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)![1]);
    // ssh-add reads the passphrase from an askpass program when there is no terminal
    writeFileSync(`${tmp}/askpass`, '#!/bin/sh\necho "secret phrase"\n', { mode: 0o700 });
    const env = {
      ...process.env,
      SSH_AUTH_SOCK: sock,
      SSH_ASKPASS: `${tmp}/askpass`,
      SSH_ASKPASS_REQUIRE: 'force',
      DISPLAY: 'x',
    };
    const add = spawnSync('ssh-add', [key], { env, input: '' });
    assert.equal(add.status, 0, add.stderr.toString());
    const saved = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = sock;
    try {
      const c = await openConnection({ ...lab.spec('h1'), privateKeyFile: undefined });
      assert.equal((await c.exec('id -un')).stdout.toString(), 'root\n');
      await c.close();
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
    }
  });

  it('becomes another user with su and with sudo -u', async () => {
    const c = await openConnection(lab.spec('h1'));
    try {
      const su = await c.exec('id -un; pwd', { become: { method: 'su', user: LAB_USER }, cwd: '/tmp' });
      assert.equal(su.stdout.toString(), `${LAB_USER}\n/tmp\n`, su.stderr.toString());
      const sudo = await c.exec('id -un', { become: { method: 'sudo', user: LAB_USER } });
      assert.equal(sudo.stdout.toString(), `${LAB_USER}\n`, sudo.stderr.toString());
    } finally {
      await c.close();
    }
  });
});
