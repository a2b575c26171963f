import { strict as assert } from 'node:assert';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { useLab } from '../helpers/lab.js';

describe('lab hosts @lab', () => {
  const lab = useLab({ hosts: 2, segments: 1 });

  it('gives each host its own hostname, PID 1, root overlay and address', async () => {
    const r = await lab.exec(
      'h2',
      'hostname; cat /proc/1/comm; ip -o -4 addr show eth0; findmnt -no FSTYPE /',
    );
    assert.equal(r.rc, 0, r.stderr);
    const [name, init, addr, fs] = r.stdout.trim().split('\n');
    assert.equal(name, 'h2');
    assert.match(init!, /^fabplay-lab-/);
    assert.ok(addr!.includes(`${lab.addr('h2')}/20`));
    assert.equal(fs, 'overlay');
  });

  it('puts a host write in its upper layer only, never on this machine', async () => {
    const marker = `/etc/fabplay-lab-marker-${lab.name}`;
    await lab.exec('h1', `echo hi > ${marker}`);
    assert.equal(await readFile(`${lab.upperDir('h1')}${marker}`, 'utf8'), 'hi\n');
    assert.ok(!existsSync(marker));
    assert.equal((await lab.exec('h2', `test -e ${marker}`)).rc, 1);
  });

  it('gives the segment server fab0 and a client on that segment reaches it', async () => {
    assert.deepEqual(lab.fabric('h1'), { segment: 1, iface: 'fab0', addr: '10.99.1.1' });
    assert.equal(lab.fabric('h2'), undefined);
    const c = await lab.addClient(1);
    const r = await c.exec('ip addr add 10.99.1.50/24 dev eth0 && busybox ping -c1 -W2 10.99.1.1');
    assert.equal(r.rc, 0, r.stdout + r.stderr);
  });

  it('adds clients asked for at the same time, each with a namespace of its own', async () => {
    const cs = await Promise.all([1, 1, 1].map((seg) => lab.addClient(seg)));
    assert.equal(new Set(cs.map((c) => c.netns)).size, 3);
    for (const c of cs) assert.equal((await c.exec('ip -o link show eth0')).rc, 0);
  });

  it('writes an inventory naming every host with its address', async () => {
    const inv = await readFile(lab.inventory, 'utf8');
    for (const h of lab.hosts) assert.ok(inv.includes(`ansible_host: ${lab.addr(h)}`));
    assert.ok(inv.includes('ProxyCommand'));
  });

  it('writes an inventory ansible itself can use as is', function () {
    this.timeout(120000);
    const r = spawnSync('ansible', ['-i', lab.inventory, 'lab', '-m', 'ping', '-o'], {
      encoding: 'utf8',
      timeout: 110000,
      env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const h of lab.hosts) assert.match(r.stdout, new RegExp(`^${h} \\| SUCCESS`, 'm'));
  });

  it('runs sshd on port 22 in every host', async () => {
    for (const h of lab.hosts) {
      const r = await lab.exec(h, 'cat /proc/net/tcp');
      assert.match(r.stdout, / 00000000:0016 /);
    }
  });

  it('keeps its namespaces under its own name', async () => {
    const ns = (await readdir('/run/netns')).filter((n) => n.startsWith(`fpl-${lab.name}-`));
    assert.ok(ns.length >= 3, ns.join(' '));
  });
});
