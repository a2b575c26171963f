// Issue 18's "done when": site.yml rolls out to 4 lab PXE servers on 4 fabric segments, each
// batch checked by the health gate from the gate client on each server's segment. A broken
// variable on server 2 (dhcpd -t rejects it), then a break only the gate sees (Apache answering
// 404 for .treeinfo to the segment's clients), stop the rollout after server 2's batch: server 2 keeps serving its old
// configuration, servers 3 and 4 are not touched, and the recap, --json and the exit code say
// so. Fixing and --retry finishes; then every segment serves its own clients at the same time.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLab } from '../helpers/lab.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { pxeLease, tftpSize } from '../helpers/pxe-client.js';
import { preparePxeLab } from '../../scripts/lab-pxe.js';
import { repoRoot } from './render.js';
import type { RecapEvent, RolloutStoppedEvent, RunEvent } from '../../src/output/events.js';

/** Every file of a host's copy-on-write upper layer, with size and mtime. */
function snapshot(upper: string): string[] {
  const r = spawnSync('find', [upper, '-printf', '%P %y %s %T@\\n'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).sort();
}

const events = (stdout: string): RunEvent[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as RunEvent);

describe('site.yml rolls out to 4 PXE servers on 4 segments, gated per batch @lab', function () {
  this.timeout(1800000);
  const lab = useLab({ hosts: 4, segments: 4, gateClients: true });
  const tmp = makeTempDir('fabplay-rollout-');
  let inv = '';
  const env = { NO_COLOR: '1', FABPLAY_RETRY_DIR: join(tmp.dir, 'retry') };
  after(() => tmp.cleanup());

  const site = (...args: string[]) =>
    runCli(['run', join(repoRoot, 'playbooks/site.yml'), '-i', inv, ...args], { env });
  const varsOf = (h: string) => join(inv, 'host_vars', `${h}.yml`);
  /** host_vars/hN.yml is JSON under its `---` (scripts/lab-pxe.ts): change some of its values */
  const editVars = (h: string, edit: (v: Record<string, unknown>) => void) => {
    const vars = JSON.parse(readFileSync(varsOf(h), 'utf8').replace(/^---\n/, '')) as Record<string, unknown>;
    edit(vars);
    writeFileSync(varsOf(h), `---\n${JSON.stringify(vars, null, 2)}\n`);
  };
  const setRangeEnd = (h: string, value: string) =>
    editVars(h, (v) => ((v.dhcp_server_subnets as Record<string, unknown>[])[0]!.range_end = value));

  before(async () => {
    inv = await preparePxeLab(lab.state, join(tmp.dir, 'inventory'));
    // the HTTP checks are the gate's here: the roles' own checks of the tree stay off, so a
    // break in Apache is one no task notices
    for (const h of ['h1', 'h2', 'h3', 'h4'])
      editVars(h, (v) => {
        v.http_server_verify_tree = '';
        v.bootloader_verify_http = false;
      });
  });

  let segment2Client: Awaited<ReturnType<typeof lab.addClient>>;
  let segment2Lease = '';

  it('with forks 4 and no serial the four servers converge in parallel, each gated from its segment', async () => {
    const arrivals: { at: number; line: string }[] = [];
    let seen = 0;
    const t0 = Date.now();
    const r = await runCli(
      [
        'run',
        join(repoRoot, 'playbooks/site.yml'),
        '-i',
        inv,
        '--json',
        '--forks',
        '4',
        '-e',
        'rollout_serial=0',
      ],
      {
        env,
        onStdout: (all) => {
          const lines = all.split('\n');
          for (; seen < lines.length - 1; seen++) arrivals.push({ at: Date.now() - t0, line: lines[seen]! });
        },
      },
    );
    assert.equal(r.code, 0, r.stderr + r.stdout.slice(-4000));
    const evs = events(r.stdout);
    assert.equal(evs.filter((e) => e.event === 'batch_start').length, 0, 'one batch: no rollout');
    const probe = evs.filter(
      (e) => e.event === 'host_result' && e.task.startsWith('rollout_gate : Probe'),
    ) as Extract<RunEvent, { event: 'host_result' }>[];
    assert.deepEqual(probe.map((p) => `${p.host}->${p.delegated_to}`).sort(), [
      'h1->g1',
      'h2->g2',
      'h3->g3',
      'h4->g4',
    ]);
    for (const p of probe) assert.doesNotMatch(String(p.result.stdout), /^FAIL/m, String(p.result.stdout));
    // in parallel: the four probes (each a DHCP exchange, TFTP and HTTP) overlap in time, so
    // their results arrive within less than the sum of their durations of the task's start
    const at = (pred: (l: string) => boolean) => arrivals.find((a) => pred(a.line))!.at;
    const start = at((l) => l.includes('"task_start"') && l.includes('rollout_gate : Probe'));
    const last = Math.max(
      ...arrivals
        .filter((a) => a.line.includes('"host_result"') && a.line.includes('rollout_gate : Probe'))
        .map((a) => a.at),
    );
    const sum = probe.reduce((n, p) => n + p.duration_ms, 0);
    assert.ok(
      last - start < 0.75 * sum,
      `probes took ${last - start} ms in all, ${sum} ms one after the other`,
    );

    // a client on segment 2 takes a lease and its boot file from server 2 (kept for the next tests)
    segment2Client = await lab.addClient(2, '02:00:00:00:02:02');
    const lease = await pxeLease(segment2Client.exec);
    assert.equal(lease.serverid, '10.99.2.1');
    segment2Lease = lease.ip;
    await segment2Client.exec(`ip addr add ${lease.ip}/${lease.mask} dev eth0`);
    assert.ok((await tftpSize(segment2Client.exec, lease.siaddr, lease.bootFile)) > 0);
  });

  /** Runs the rollout with serial 1 and checks it stopped after server 2, untouched beyond. */
  async function stoppedAfterServer2(): Promise<{ stop: RolloutStoppedEvent; plain: string }> {
    const untouched = ['h3', 'h4', 'g3', 'g4'];
    const before = untouched.map((h) => snapshot(lab.upperDir(h)));
    const json = await site('--json', '-e', 'rollout_serial=1');
    assert.equal(json.code, 2, json.stderr + json.stdout.slice(-4000));
    const evs = events(json.stdout);
    const batches = evs.filter((e) => e.event === 'batch_start');
    assert.deepEqual(
      batches.map((b) => (b.event === 'batch_start' ? `${b.batch}/${b.batches} ${b.hosts.join(' ')}` : '')),
      ['1/4 h1', '2/4 h2'],
    );
    const stop = evs.find((e): e is RolloutStoppedEvent => e.event === 'rollout_stopped')!;
    assert.ok(stop, 'a rollout_stopped event');
    assert.equal(stop.batch, 2);
    assert.deepEqual(stop.hosts, ['h2']);
    assert.deepEqual(stop.not_reached, ['h3', 'h4']);
    assert.deepEqual(
      stop.failed.map((f) => f.host),
      ['h2'],
    );
    const recap = evs.find((e): e is RecapEvent => e.event === 'recap')!;
    assert.deepEqual(Object.keys(recap.stats).sort(), ['h1', 'h2'], 'h3 and h4 never reached');
    assert.equal(recap.stats.h2!.failed, 1);
    assert.deepEqual(recap.rollout_stopped?.not_reached, ['h3', 'h4']);
    const plain = await site('-e', 'rollout_serial=1');
    assert.equal(plain.code, 2);
    assert.match(plain.stdout, /^ROLLOUT STOPPED \[PXE servers\] after batch 2 of 4: h2$/m);
    assert.match(plain.stdout, /^ {2}not reached: h3 h4$/m);
    assert.match(plain.stderr, /--retry/);
    untouched.forEach((h, i) => assert.deepEqual(snapshot(lab.upperDir(h)), before[i], `${h} untouched`));
    return { stop, plain: plain.stdout };
  }

  /** The segment-2 client still gets its old lease and its boot file from server 2. */
  async function segment2StillServes(): Promise<void> {
    const lease = await pxeLease(segment2Client.exec);
    assert.equal(lease.ip, segment2Lease, 'the same lease as before');
    assert.equal(lease.siaddr, '10.99.2.1');
    assert.equal(lease.bootFile, 'uefi/grubx64.efi');
    assert.ok((await tftpSize(segment2Client.exec, lease.siaddr, lease.bootFile)) > 0);
  }

  it('a variable dhcpd -t rejects on server 2 stops the rollout there; server 2 keeps serving', async () => {
    setRangeEnd('h2', '10.99.2.300');
    const { stop, plain } = await stoppedAfterServer2();
    assert.match(stop.failed[0]!.task, /^dhcp_server : Write dhcpd\.conf/);
    assert.match(stop.failed[0]!.msg, /300 exceeds max/);
    assert.match(plain, /^ {2}h2 failed \[dhcp_server : Write dhcpd\.conf/m);
    const conf = await lab.exec('h2', 'cat /etc/dhcp/dhcpd.conf; ls -a /etc/dhcp');
    assert.match(conf.stdout, /range 10\.99\.2\.100 10\.99\.2\.150;/, 'the live file is the old one');
    assert.doesNotMatch(conf.stdout, /fabplay-.*\.tmp/, 'no candidate file left behind');
    await segment2StillServes();
  });

  it('Apache serving 404 for .treeinfo to the clients of segment 2 (no task notices) stops the rollout at the gate', async () => {
    setRangeEnd('h2', '10.99.2.150');
    const broke = await lab.exec(
      'h2',
      // only the clients' addresses (the pool, .100-.150) get the 404: the server's own check
      // (boot_check, from 10.99.2.1) still gets 200, so only the gate, probing from g2, can see it
      `printf '%s\\n' '<LocationMatch "\\.treeinfo$">' "<If \\"-R '10.99.2.64/26' || -R '10.99.2.128/27'\\">" ` +
        `'Redirect 404' '</If>' '</LocationMatch>' > /etc/apache2/conf-enabled/zz-break.conf && ` +
        `grep -c Redirect /etc/apache2/conf-enabled/zz-break.conf && service apache2 reload`,
    );
    assert.equal(broke.rc, 0, broke.stdout + broke.stderr);
    const { stop, plain } = await stoppedAfterServer2();
    assert.equal(stop.failed[0]!.task, 'rollout_gate : Gate');
    assert.match(
      stop.failed[0]!.msg,
      /probed from g2: HTTP \.treeinfo: http:\/\/10\.99\.2\.1:80\/netinstall\/ISO\/RHEL95\/\.treeinfo -> 404/,
    );
    assert.match(plain, /^ {2}h2 failed \[rollout_gate : Gate\]: gate failed/m);
    await segment2StillServes();
  });

  it('fixed, --retry runs only the hosts left; then all four segments serve their own clients at once', async () => {
    const fixed = await lab.exec(
      'h2',
      'rm /etc/apache2/conf-enabled/zz-break.conf && service apache2 reload',
    );
    assert.equal(fixed.rc, 0, fixed.stderr);
    // a valid change this time: dhcpd on server 2 restarts with it, and keeps its leases
    setRangeEnd('h2', '10.99.2.160');
    const pid = async () => (await lab.exec('h2', 'cat /run/dhcpd.pid')).stdout.trim();
    const pidBefore = await pid();
    const r = await site('--json', '--retry');
    assert.equal(r.code, 0, r.stderr + r.stdout.slice(-4000));
    const recap = events(r.stdout).find((e): e is RecapEvent => e.event === 'recap')!;
    assert.deepEqual(Object.keys(recap.stats).sort(), ['h2', 'h3', 'h4'], 'h1 was done');
    assert.notEqual(await pid(), pidBefore, 'dhcpd restarted on server 2');
    await segment2StillServes();
    const again = await site('--retry');
    assert.equal(again.code, 5, 'nothing left to retry');
    assert.match(again.stderr, /nothing to retry/);

    const clients = [];
    for (const seg of [1, 2, 3, 4]) clients.push(await lab.addClient(seg));
    const leases = await Promise.all(clients.map((c) => pxeLease(c.exec)));
    leases.forEach((l, i) => {
      const net = `10.99.${i + 1}`;
      assert.match(l.ip, new RegExp(`^${net.replace(/\./g, '\\.')}\\.\\d+$`));
      assert.equal(l.serverid, `${net}.1`);
      assert.equal(l.siaddr, `${net}.1`);
      assert.equal(l.bootFile, 'uefi/grubx64.efi');
    });
    await Promise.all(
      clients.map((c, i) => c.exec(`ip addr add ${leases[i]!.ip}/${leases[i]!.mask} dev eth0`)),
    );
    const sizes = await Promise.all(
      clients.map((c, i) => tftpSize(c.exec, leases[i]!.siaddr, 'uefi/grub.cfg')),
    );
    for (const s of sizes) assert.ok(s > 0);
    // each segment's grub.cfg names its own server's tree
    const cfgs = await Promise.all([1, 2, 3, 4].map((i) => lab.exec(`h${i}`, 'cat /srv/tftp/uefi/grub.cfg')));
    cfgs.forEach((c, i) =>
      assert.match(c.stdout, new RegExp(`inst\\.repo=http://10\\.99\\.${i + 1}\\.1[:/]`)),
    );
  });
});
