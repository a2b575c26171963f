// A ProxyCommand runs in a process group (and session) of its own, so a terminal's Ctrl-C does
// not reach it, and ending its stream ends the whole group, children it started included.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { proxySocket } from '../../src/connection/proxy-socket.js';

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
