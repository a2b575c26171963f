import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { UnreachableError } from '../../src/errors.js';
import { openConnection } from '../../src/connection/index.js';
import { SshConnection } from '../../src/connection/ssh.js';
import type { ShellPool } from '../../src/connection/shell-pool.js';
import { openSshClient } from '../../src/connection/ssh-connect.js';
import { cmd } from '../../src/util/shell.js';
import type { Connection } from '../../src/connection/types.js';
import { useLab, LAB_USER, LAB_USER_PASSWORD } from '../helpers/lab.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

const tmp = tempDirUntilExit('fabplay-ssh-test');

async function refused(p: Promise<unknown>, re: RegExp): Promise<UnreachableError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof UnreachableError, `expected UnreachableError, got ${String(e)}`);
    assert.match(e.message, re);
    return e;
  }
  assert.fail('connection was not refused');
}

describe('ssh transport @lab', function () {
  this.timeout(60000);
  const lab = useLab({ hosts: 2 });
  let conn: Connection;

  before(async () => {
    conn = await openConnection(lab.spec('h1'));
  });
  after(async () => {
    await conn?.close();
  });

  it('connects with a key and keeps stdout, stderr and the exit status apart', async () => {
    const r = await conn.exec('hostname; echo oops >&2; exit 7');
    assert.equal(r.rc, 7);
    assert.equal(r.stdout.toString(), 'h1\n');
    assert.equal(r.stderr.toString(), 'oops\n');
  });

  it('runs commands on exec channels of their own once shells keep breaking: output, status, stdin, timeout, end', async () => {
    const c = (await openConnection(lab.spec('h1'))) as SshConnection;
    c.useExecChannels();
    const r = await c.exec('cat; echo oops >&2; exit 3', { stdin: Buffer.from('in\n') });
    assert.deepEqual([r.rc, r.stdout.toString(), r.stderr.toString()], [3, 'in\n', 'oops\n']);
    const slow = await c.exec('sleep 5', { timeoutMs: 500 });
    assert.equal(slow.timedOut, true);
    await c.close();
    await refused(c.exec('echo closed'), /connection closed|lost/);
  });

  it('reconnects after its connection was closed (the reboot module waits for a host this way)', async () => {
    const c = (await openConnection(lab.spec('h1'))) as SshConnection;
    assert.equal((await c.exec('echo before')).stdout.toString(), 'before\n');
    await c.close();
    await refused(c.exec('echo closed'), /connection closed|lost/);
    await c.reconnect();
    assert.equal((await c.exec('echo after')).stdout.toString(), 'after\n');
    assert.equal((await c.exec('hostname')).stdout.toString(), 'h1\n');
    assert.match((await c.get('/etc/os-release')).toString(), /^ID=/m);
    await c.close();
  });

  it('connects with a password', async () => {
    const c = await openConnection({
      ...lab.spec('h2'),
      user: LAB_USER,
      privateKeyFile: undefined,
      password: LAB_USER_PASSWORD,
    });
    try {
      assert.equal((await c.exec('id -un')).stdout.toString(), `${LAB_USER}\n`);
    } finally {
      await c.close();
    }
  });

  it('refuses a wrong password and a wrong key', async () => {
    await refused(
      openConnection({ ...lab.spec('h2'), user: LAB_USER, privateKeyFile: undefined, password: 'not-it' }),
      /permission denied/i,
    );
    const key = `${tmp}/other_key`;
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    await refused(openConnection({ ...lab.spec('h2'), privateKeyFile: key }), /permission denied/i);
  });

  it('refuses an unknown host and says how to add it; accept-new records it', async () => {
    const kh = `${tmp}/kh-empty`;
    writeFileSync(kh, '');
    const e = await refused(openConnection({ ...lab.spec('h2'), knownHostsFile: kh }), /not known/);
    assert.match(e.message, /ssh-keyscan .*>> /);
    assert.match(e.message, /accept-new/);
    const c = await openConnection({ ...lab.spec('h2'), knownHostsFile: kh, hostKeyChecking: 'accept-new' });
    await c.close();
    assert.match(
      readFileSync(kh, 'utf8'),
      new RegExp(`^${lab.addr('h2').replace(/\./g, '\\.')} ssh-ed25519 `),
    );
    await (await openConnection({ ...lab.spec('h2'), knownHostsFile: kh })).close();
  });

  it('refuses a changed host key loudly, even with host key checking off', async () => {
    const kh = `${tmp}/kh-changed`;
    const key = `${tmp}/fake_host_key`;
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const pub = readFileSync(`${key}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(kh, `${lab.addr('h2')} ${pub}\n`);
    for (const policy of ['strict', 'accept-new', 'off'] as const) {
      const e = await refused(
        openConnection({ ...lab.spec('h2'), knownHostsFile: kh, hostKeyChecking: policy }),
        /HAS CHANGED/,
      );
      assert.match(e.message, /ssh-keygen -f .* -R/);
    }
  });

  it('becomes root with a sudo password that shows up in no output', async () => {
    const c = await openConnection({ ...lab.spec('h2'), user: LAB_USER, privateKeyFile: lab.state.keyFile });
    try {
      const become = { method: 'sudo' as const, user: 'root', password: LAB_USER_PASSWORD };
      const r = await c.exec('id -un; cat', { become, stdin: 'from-stdin' });
      assert.equal(r.rc, 0, r.stderr.toString());
      assert.equal(r.stdout.toString(), 'root\nfrom-stdin');
      assert.ok(!r.stderr.toString().includes(LAB_USER_PASSWORD));
      const bad = await c.exec('id -un', { become: { ...become, password: 'wrong-pw-123' } });
      assert.notEqual(bad.rc, 0);
      const all = bad.stdout.toString() + bad.stderr.toString();
      assert.ok(!all.includes('wrong-pw-123') && !all.includes(LAB_USER_PASSWORD), all);
      const noPw = await c.exec('id -un', { become: { method: 'sudo', user: 'root' } });
      assert.notEqual(noPw.rc, 0, 'sudo must not work without the password');
    } finally {
      await c.close();
    }
  });

  it('runs a root login becoming root without sudo, unless become_flags ask for sudo where no remote user was named', async () => {
    // sudo sets SUDO_USER: its absence shows the command ran as it was
    const plain = await conn.exec('id -un; printenv SUDO_USER || echo none', {
      become: { method: 'sudo', user: 'root' },
    });
    assert.equal(plain.stdout.toString(), 'root\nnone\n');
    const flags = { method: 'sudo' as const, user: 'root', flags: '-H' };
    // told to log in as root (ansible_user: root): Ansible escalates nothing, become_flags or not
    const given = await conn.exec('printenv SUDO_USER || echo none', { become: flags });
    assert.equal(given.stdout.toString(), 'none\n');
    const unnamed = await openConnection({ ...lab.spec('h1'), user: undefined });
    try {
      const flagged = await unnamed.exec('printenv SUDO_USER', { become: flags });
      assert.equal(flagged.stdout.toString(), 'root\n');
      const allowed = await conn.exec('printenv SUDO_USER', { become: { ...flags, allowSameUser: true } });
      assert.equal(allowed.stdout.toString(), 'root\n', 'become_allow_same_user goes through sudo');
    } finally {
      await unnamed.close();
    }
    const other = await conn.exec('id -un; printenv SUDO_USER', {
      become: { method: 'sudo', user: LAB_USER },
    });
    assert.equal(
      other.stdout.toString(),
      `${LAB_USER}\nroot\n`,
      'becoming another user still goes through sudo',
    );
  });

  it('uploads 50 MB over SFTP with the right checksum, and reads a file back', async () => {
    const file = `${tmp}/big.bin`;
    const data = randomBytes(50 * 1024 * 1024);
    writeFileSync(file, data);
    await conn.putFile(file, '/tmp/upload/big.bin', { mode: 0o600 });
    const r = await conn.exec('sha256sum /tmp/upload/big.bin; stat -c %a /tmp/upload/big.bin');
    const [sum, mode] = r.stdout.toString().trim().split('\n');
    assert.equal(sum!.split(' ')[0], createHash('sha256').update(data).digest('hex'));
    assert.equal(mode, '600');
    await conn.put(Buffer.from([0, 1, 2, 255]), '/tmp/upload/small.bin');
    assert.deepEqual([...(await conn.get('/tmp/upload/small.bin'))], [0, 1, 2, 255]);
  });

  it('returns binary output byte for byte, and 1 MB of it', async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await conn.put(all, '/tmp/bytes.bin');
    const r = await conn.exec('cat /tmp/bytes.bin; cat /tmp/bytes.bin >&2');
    assert.ok(r.stdout.equals(all));
    assert.ok(r.stderr.equals(all));
    const big = await conn.exec('head -c 1048576 /dev/zero | tr "\\0" x; printf end');
    assert.equal(big.stdout.length, 1048576 + 3);
    assert.equal(big.stdout.subarray(-3).toString(), 'end');
  });

  it('passes binary stdin through', async () => {
    const input = randomBytes(200000);
    const r = await conn.exec('sha256sum', { stdin: input });
    assert.equal(r.stdout.toString().split(' ')[0], createHash('sha256').update(input).digest('hex'));
  });

  it('kills a command that runs past its timeout, children too', async () => {
    const t0 = Date.now();
    const r = await conn.exec('sleep 300 & sleep 301; echo never', { timeoutMs: 1000 });
    assert.equal(r.timedOut, true);
    assert.notEqual(r.rc, 0);
    assert.ok(Date.now() - t0 < 6000);
    const ps = await lab.exec('h1', 'pgrep -f "sleep 30[01]" || true');
    assert.equal(ps.stdout.trim(), '');
    assert.equal((await conn.exec('echo alive')).stdout.toString(), 'alive\n');
  });

  it('passes values full of shell metacharacters through untouched', async () => {
    const nasty = [
      '$(touch /tmp/pwned)',
      '`id`',
      "it's",
      '"q"',
      'a;b|c&d',
      '*',
      '\\n',
      'line1\nline2',
      '$HOME',
      '-n',
      '',
    ];
    const r = await conn.exec(cmd(['printf', '%s\\0', ...nasty]));
    assert.deepEqual(r.stdout.toString().split('\0').slice(0, -1), nasty);
    const env = await conn.exec('printf %s "$X"', { env: { X: nasty.join(' ') }, cwd: '/tmp' });
    assert.equal(env.stdout.toString(), nasty.join(' '));
    assert.equal((await lab.exec('h1', 'test -e /tmp/pwned')).rc, 1);
  });

  it('survives a command that syntax-errors or kills its shell', async () => {
    const bad = await conn.exec("echo 'unbalanced");
    assert.notEqual(bad.rc, 0);
    const killed = await conn.exec('kill -9 $PPID; sleep 1');
    assert.notEqual(killed.rc, 0);
    assert.equal((await conn.exec('echo ok')).stdout.toString(), 'ok\n');
  });

  it('keeps what a login script prints out of the first command output', async () => {
    await lab.exec(
      'h1',
      'cp /root/.bashrc /root/.bashrc.orig; { echo "echo NOISE; echo NOISE >&2"; cat /root/.bashrc.orig; } > /root/.bashrc',
    );
    const c = await openConnection(lab.spec('h1'));
    try {
      const r = await c.exec('echo clean');
      assert.equal(r.stdout.toString(), 'clean\n');
      assert.equal(r.stderr.toString(), '');
    } finally {
      await c.close();
      await lab.exec('h1', 'mv /root/.bashrc.orig /root/.bashrc');
    }
  });

  it('a shell opened ahead of the first command is the one it runs in, login noise kept out', async () => {
    await lab.exec(
      'h1',
      'cp /root/.bashrc /root/.bashrc.orig; { echo "echo NOISE; echo NOISE >&2"; cat /root/.bashrc.orig; } > /root/.bashrc',
    );
    const c = (await openConnection(lab.spec('h1'))) as SshConnection;
    const shells = () => (c as unknown as { shells: ShellPool }).shells.size;
    try {
      c.prepareCommands();
      c.prepareCommands(); // asked again while it opens: still one
      assert.equal(shells(), 1, 'the shell opens in the background');
      const [r, r2] = await Promise.all([c.exec('echo clean'), c.exec('echo $$')]);
      assert.equal(r.stdout.toString(), 'clean\n');
      assert.equal(r.stderr.toString(), '');
      assert.match(r2.stdout.toString(), /^\d+\n$/);
      // the two commands at once: the one opened ahead, and one more beside it, no third
      assert.equal(shells(), 2);
      assert.equal((await c.exec('echo again')).stdout.toString(), 'again\n');
      assert.equal(shells(), 2);
    } finally {
      await c.close();
      await lab.exec('h1', 'mv /root/.bashrc.orig /root/.bashrc');
    }
    // on a closed connection it opens nothing and throws nothing
    c.prepareCommands();
    assert.equal(shells(), 0);
  });

  it("does not ask sshd to prove the host keys it announces after login (OpenSSH's UpdateHostKeys=no)", async () => {
    const { client } = await openSshClient(lab.spec('h2'));
    let proved = false;
    (client as unknown as NodeJS.EventEmitter).on('hostkeys', () => (proved = true));
    // sshd announces its keys right after login: by the time a channel answered, ssh2 asked for
    // the proof or not, and the proof's answer came before this command's
    for (let i = 0; i < 2; i++)
      await new Promise<void>((resolve, reject) =>
        client.exec('true', (err, ch) => (err ? reject(err) : ch.on('close', () => resolve()).resume())),
      );
    client.end();
    assert.equal(proved, false);
  });

  it('pings a connection only when it has been quiet for ServerAliveInterval, as OpenSSH does', async () => {
    const base = lab.spec('h2');
    const c = (await openConnection({
      ...base,
      sshCommonArgs: `${base.sshCommonArgs ?? ''} -o ServerAliveInterval=2`,
    })) as SshConnection;
    const proto = (c as unknown as { client: { _protocol: { ping(): void } } }).client._protocol;
    let pings = 0;
    const ping = proto.ping.bind(proto);
    proto.ping = () => {
      pings++;
      ping();
    };
    const until = Date.now() + 3500;
    while (Date.now() < until) {
      await c.exec('sleep 0.2');
      await c.get('/etc/hostname');
    }
    assert.equal(pings, 0, 'a busy connection was pinged');
    await new Promise((r) => setTimeout(r, 4500));
    assert.ok(pings >= 1, 'an idle connection was not pinged');
    assert.equal((await c.exec('echo alive')).stdout.toString(), 'alive\n');
    await c.close();
  });

  it('reaches a host through a jump host', async () => {
    const c = await openConnection({ ...lab.spec('h2'), jumpHost: `root@${lab.addr('h1')}` });
    try {
      assert.equal((await c.exec('hostname')).stdout.toString(), 'h2\n');
    } finally {
      await c.close();
    }
  });

  it('a link lost while its first shell opens: the command is UNREACHABLE, nothing else throws', async () => {
    const c = (await openConnection(lab.spec('h1'))) as SshConnection;
    const running = c.exec('echo never');
    // the shell is still opening (a placeholder holds its place) when the link ends under it
    setImmediate(() => (c as unknown as { client: { end(): void } }).client.end());
    await refused(running, /lost|closed/);
    await c.close();
  });

  it('makes a host whose sshd dies mid-run UNREACHABLE', async () => {
    const c = await openConnection(lab.spec('h2'));
    const running = c.exec('sleep 20');
    await new Promise((r) => setTimeout(r, 300));
    await lab.exec('h2', 'pkill -KILL -x sshd');
    await refused(running, /lost|answer/);
    await refused(c.exec('true'), /lost|answer/);
    await refused(openConnection(lab.spec('h2')), /.+/);
    await c.close();
  });
});
