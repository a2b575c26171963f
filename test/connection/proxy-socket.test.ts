// A ProxyCommand runs in a process group (and session) of its own, so a terminal's Ctrl-C does
// not reach it, and ending its stream ends the whole group, children it started included.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proxyConnection, proxySocket, unixSocketOf } from '../../src/connection/proxy-socket.js';
import { openSshClient } from '../../src/connection/ssh-connect.js';
import type { ConnectionSpec } from '../../src/connection/types.js';
import { UnreachableError } from '../../src/errors.js';

/** Running (a zombie waiting for its reaper counts as ended). */
const alive = (pid: number): boolean => {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).startsWith('Z');
  } catch {
    return false;
  }
};

describe('connection: ProxyCommand process', () => {
  it('leads a group of its own; ending the stream ends the group, a background child too', async () => {
    const { sock, child } = proxySocket(`sh -c 'sleep 30 & echo $!; exec cat'`);
    const first = await new Promise<string>((resolve) =>
      sock.once('data', (d: Buffer) => resolve(String(d))),
    );
    const sleeper = Number(first.trim());
    assert.ok(sleeper > 0, first);
    const pgid = (pid: number) =>
      Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }));
    assert.equal(pgid(child.pid!), child.pid, 'the proxy leads its group');
    assert.notEqual(pgid(child.pid!), pgid(process.pid), "not fabplay's group");
    assert.equal(pgid(sleeper), child.pid, "its child is in the proxy's group");
    // it relays both ways
    sock.write('ping\n');
    const echoed = await new Promise<string>((resolve) =>
      sock.once('data', (d: Buffer) => resolve(String(d))),
    );
    assert.equal(echoed, 'ping\n');
    sock.destroy();
    const exited = new Promise((r) => child.once('exit', r));
    await exited;
    for (let i = 0; i < 50 && alive(sleeper); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(alive(sleeper), false, 'the background child ended with the group');
  });
});

describe('connection: ProxyCommand that relays to a Unix socket', () => {
  it('is recognised only in its plain forms', () => {
    assert.equal(unixSocketOf('socat - UNIX-CONNECT:/run/x/ssh/10.1.2.3'), '/run/x/ssh/10.1.2.3');
    assert.equal(unixSocketOf('socat STDIO UNIX-CLIENT:/s'), '/s');
    assert.equal(unixSocketOf('nc -U /s'), '/s');
    assert.equal(unixSocketOf('busybox nc -U /s'), '/s');
    // anything more than a relay is the command's to run
    assert.equal(unixSocketOf('socat - UNIX-CONNECT:/s,retry=3 '), '/s,retry=3');
    assert.equal(unixSocketOf('socat -d - UNIX-CONNECT:/s'), undefined);
    assert.equal(unixSocketOf('socat - TCP:%h:%p'), undefined);
    assert.equal(unixSocketOf('socat - UNIX-CONNECT:/s; rm -rf /'), undefined);
    assert.equal(unixSocketOf('nsenter --net=/run/netns/x socat - UNIX-CONNECT:/s'), undefined);
  });

  it('is connected to directly, with no process; a missing socket is named in the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fabplay-proxy-unix-'));
    const path = join(dir, 'sock');
    const server = createServer((c) => c.pipe(c));
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const p = proxyConnection(`socat - UNIX-CONNECT:${path}`);
      assert.ok(!('child' in p), 'no process started');
      p.sock.write('ping\n');
      assert.equal(String(await new Promise((r) => p.sock.once('data', r))), 'ping\n');
      p.sock.destroy();
      const missing = proxyConnection(`socat - UNIX-CONNECT:${path}-gone`);
      await new Promise((r) => missing.sock.once('close', r));
      assert.match(missing.stderr(), /sock-gone: connect ENOENT/);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a relay that drops every connection before the handshake: UNREACHABLE each time, never a crash', async () => {
    // a lab relay whose host's sshd died: it accepts, then closes at once (ssh2 may then raise
    // more than one error for the same lost link)
    const dir = mkdtempSync(join(tmpdir(), 'fabplay-proxy-drop-'));
    const path = join(dir, 'sock');
    const server = createServer((c) => c.destroy());
    await new Promise<void>((r) => server.listen(path, r));
    const uncaught: unknown[] = [];
    const note = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', note);
    try {
      for (let i = 0; i < 20; i++)
        await assert.rejects(
          openSshClient({
            host: 'h',
            address: '10.0.0.9',
            port: 22,
            user: 'root',
            password: 'x',
            hostKeyChecking: 'off',
            connectTimeoutMs: 5000,
            sshCommonArgs: `-o ProxyCommand="socat - UNIX-CONNECT:${path}"`,
          } as ConnectionSpec),
          UnreachableError,
        );
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(uncaught, []);
    } finally {
      process.off('uncaughtException', note);
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
