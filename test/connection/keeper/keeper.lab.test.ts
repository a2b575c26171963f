import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SshConnection } from '../../../src/connection/ssh.js';
import { openKept } from '../../../src/connection/keeper/keeper-client.js';
import { persistenceOf } from '../../../src/connection/keeper/persist.js';
import type { ConnectionSpec } from '../../../src/connection/types.js';
import type { Ssh2Channel } from '../../../src/connection/ssh2-lib.js';
import { UnreachableError } from '../../../src/errors.js';
import { runCli } from '../../helpers/cli.js';
import { useLab } from '../../helpers/lab.js';
import { alive } from '../../helpers/alive.js';
import { keeperPids } from '../../helpers/keepers.js';

/** ssh2's exec with a pty, which ssh2-lib.ts does not type. */
interface PtyExec {
  exec(
    cmd: string,
    opts: { pty: { term: string; rows: number; cols: number } },
    cb: (err: Error | undefined, ch: Ssh2Channel) => void,
  ): void;
  end(): void;
}

async function until(what: string, ok: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sockets = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((f) => f.startsWith('fabplay-') && !f.endsWith('.log'));
  } catch {
    return [];
  }
};

/** What the keepers noted beside their sockets, for an assertion's message. */
const keeperLogOf = (cp: string): string => {
  try {
    return `the keeper noted: ${readFileSync(join(cp, 'fabplay-keeper.log'), 'utf8')}`;
  } catch {
    return 'the keeper noted nothing';
  }
};

describe('kept connections: ControlPersist through the keeper @lab', function () {
  this.timeout(120000);
  const lab = useLab({ hosts: 2 });
  let dir: string;
  let cp: string;
  const started = new Set<number>();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-keeper-'));
    cp = join(dir, 'cp');
  });
  afterEach(async () => {
    for (const pid of keeperPids(dir)) started.add(pid);
    // every keeper a test started ends by itself (short ControlPersist); one that did not is stopped
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGTERM');
    // this process is the keepers' parent: they are gone once it has heard of their end
    for (const pid of started) await until(`keeper ${pid} ends`, () => !alive(pid));
    started.clear();
    rmSync(dir, { recursive: true, force: true });
  });

  const keeperLog = () => keeperLogOf(cp);
  const kept = (h: string, persist = '3'): ConnectionSpec =>
    lab.spec(h, { sshArgs: `-o ControlMaster=auto -o ControlPersist=${persist}`, controlPathDir: cp });

  const connectionOf = async (spec: ConnectionSpec): Promise<string> => {
    const c = new SshConnection(spec);
    await c.connect();
    try {
      const r = await c.exec('printenv SSH_CONNECTION');
      assert.equal(r.rc, 0, r.stderr.toString());
      return r.stdout.toString().trim();
    } finally {
      await c.close();
    }
  };

  it('a second run uses the same SSH connection; commands, SFTP and a pty work through it', async () => {
    const first = await connectionOf(kept('h1'));
    assert.match(first, /^\S+ \d+ \S+ 22$/);
    for (const pid of keeperPids(dir)) started.add(pid);
    assert.equal(started.size, 1, 'one keeper process');
    const [sock] = sockets(cp);
    assert.ok(sock, 'a socket in control_path_dir');
    assert.equal(statSync(cp).mode & 0o777, 0o700);
    assert.equal(statSync(join(cp, sock)).mode & 0o077, 0, 'only the owner may use the socket');

    assert.equal(await connectionOf(kept('h1')), first, 'the same TCP connection: no new login');

    const c = new SshConnection(kept('h1'));
    await c.connect();
    try {
      const data = Buffer.from([0, 1, 2, 255, 10, 13, 0]);
      await c.put(data, '/tmp/kept-bytes', { mode: 0o600 });
      assert.deepEqual(await c.get('/tmp/kept-bytes'), data);
      const r = await c.exec('cat; echo err >&2; exit 7', { stdin: 'in\n' });
      assert.deepEqual([r.rc, r.stdout.toString(), r.stderr.toString()], [7, 'in\n', 'err\n']);
    } finally {
      await c.close();
    }
    const client = (await openKept(kept('h1'), persistenceOf(kept('h1'))!))! as unknown as PtyExec;
    try {
      const tty = await new Promise<string>((resolve, reject) =>
        client.exec('tty; exit 3', { pty: { term: 'dumb', rows: 24, cols: 80 } }, (err, ch) => {
          if (err) return reject(err);
          let out = '';
          let code: number | undefined;
          ch.on('data', (d: Buffer) => (out += d.toString()));
          ch.on('exit', (n: number) => (code = n));
          ch.on('close', () => resolve(`${out.trim()} rc=${code}`));
        }),
      );
      assert.match(tty, /^\/dev\/pts\/\d+ rc=3$/);
    } finally {
      client.end();
    }
  });

  it('without ControlPersist, or for another host, a connection of its own', async () => {
    const first = await connectionOf(kept('h1', '60'));
    for (const pid of keeperPids(dir)) started.add(pid);
    assert.notEqual(await connectionOf(lab.spec('h1')), first);
    await connectionOf(kept('h2', '60'));
    const socketOf = (h: string) => basename(persistenceOf(kept(h, '60'))!.socketPath);
    assert.deepEqual(
      sockets(cp).sort(),
      [socketOf('h1'), socketOf('h2')].sort(),
      `one socket per host; ${keeperLog()}`,
    );
  });

  it('a keeper that ends as it is asked for a connection is started anew', async () => {
    await connectionOf(kept('h1', '60'));
    const [ending] = keeperPids(dir);
    assert.ok(ending);
    started.add(ending);
    // in one tick: the request goes out before this process can hear of the keeper's end
    process.kill(ending, 'SIGKILL');
    const asked = connectionOf(kept('h2', '60'));
    await asked;
    const now = keeperPids(dir);
    for (const pid of now) started.add(pid);
    assert.equal(now.length, 1, 'a new keeper serves h2');
    assert.notEqual(now[0], ending);
    // h1's socket stays behind its killed keeper, as OpenSSH's does: the next keeper replaces it
    assert.ok(sockets(cp).includes(basename(persistenceOf(kept('h2', '60'))!.socketPath)), keeperLog());
  });

  it('ends after ControlPersist idle seconds, and with a connection that dropped', async () => {
    await connectionOf(kept('h1', '2'));
    const pids = keeperPids(dir);
    assert.equal(pids.length, 1);
    started.add(pids[0]!);
    await until('the socket is removed after 2 s idle', () => sockets(cp).length === 0);
    await until('the keeper process ends with its last connection', () => !alive(pids[0]!));

    // the host ends the kept connection (its sshd session is killed): a run logged in on the socket
    // learns of it as of a dropped connection, the socket goes, a new run logs in anew
    const before = await connectionOf(kept('h2', '60'));
    for (const pid of keeperPids(dir)) started.add(pid);
    const attached = new SshConnection(kept('h2', '60'));
    await attached.connect();
    // only this test's connection has a root session on h2
    await lab.exec('h2', "pkill -f 'sshd: root@'");
    await assert.rejects(attached.exec('true'), UnreachableError);
    await until('the keeper notices the drop and removes the socket', () => sockets(cp).length === 0);
    const after = await connectionOf(kept('h2', '2'));
    assert.notEqual(after, before);
  });

  it('an unreachable host fails with the same message as without a keeper', async () => {
    const bad = (s: ConnectionSpec): ConnectionSpec => ({
      ...s,
      address: '10.255.255.1',
      connectTimeoutMs: 3000,
    });
    const message = async (spec: ConnectionSpec): Promise<string> => {
      try {
        await new SshConnection(spec).connect();
      } catch (e) {
        assert.ok(e instanceof UnreachableError, String(e));
        return e.message;
      }
      throw new Error('connected to an address nobody has');
    };
    const direct = await message(bad(lab.spec('h1')));
    assert.equal(await message(bad(kept('h1'))), direct);
    assert.deepEqual(sockets(cp), []);
  });

  it('a refused login is tried once, with retries asked, kept or not', async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'stranger')]);
    const counted = (s: ConnectionSpec): ConnectionSpec => ({
      ...s,
      privateKeyFile: join(dir, 'stranger'),
      connectRetries: 3,
      sshCommonArgs: `-o ProxyCommand="sh -c 'echo try >> ${dir}/tries; exec ${lab.state.proxyCommand}'"`,
    });
    for (const spec of [counted(lab.spec('h1')), counted(kept('h1'))]) {
      rmSync(join(dir, 'tries'), { force: true });
      await assert.rejects(
        new SshConnection(spec).connect(),
        (e: unknown) =>
          e instanceof UnreachableError && e.authentication && /permission denied/.test(e.message),
      );
      assert.equal(readFileSync(join(dir, 'tries'), 'utf8'), 'try\n', JSON.stringify(spec.sshArgs));
    }
    assert.deepEqual(sockets(cp), []);
  });

  it('fabplay run with ansible.cfg ssh_args = ... ControlPersist: the re-run reuses the connections', async () => {
    writeFileSync(
      join(dir, 'ansible.cfg'),
      `[ssh_connection]\nssh_args = -o ControlMaster=auto -o ControlPersist=60s\ncontrol_path_dir = ${cp}\n`,
    );
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: lab\n  gather_facts: false\n  tasks:\n    - command: printenv SSH_CONNECTION\n      register: c\n      changed_when: false\n    - debug: {msg: "conn={{ c.stdout }}"}\n`,
    );
    const conns = async () => {
      const r = await runCli(['run', 'site.yml', '-i', lab.inventory], { cwd: dir, env: { NO_COLOR: '1' } });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      return [...r.stdout.matchAll(/conn=([^"]+)"/g)].map((m) => m[1]).sort();
    };
    const first = await conns();
    assert.equal(first.length, 2);
    for (const pid of keeperPids(dir)) started.add(pid);
    assert.deepEqual(await conns(), first);
    assert.equal(sockets(cp).length, 2);
  });
});
