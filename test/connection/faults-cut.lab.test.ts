// Fault injection, connections: a link cut while a command reads its stdin, while a large file
// uploads and while a small file is written over SFTP; sshd killed on a host mid-run; a host whose
// key changed. Each time: the old file intact or the new one whole, no temporary file left beside
// it, the failing host UNREACHABLE while the other finishes, exit code 4 (README "Exit codes"),
// bounded memory, and a next run that converges.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLab } from '../helpers/lab.js';
import {
  eventually,
  recap,
  runMeasured,
  sha1On,
  shown,
  tempFiles,
  useFaultBench,
} from '../helpers/faults.js';

const sha1 = (b: Buffer | string) => createHash('sha1').update(b).digest('hex');
const OLD = 'old content\n';

describe('faults: connections cut, sshd killed, host key changed @lab', function () {
  this.timeout(240_000);
  const lab = useLab({ hosts: 2 });
  const bench = useFaultBench(
    lab,
    `rm -rf /srv/fault && mkdir /srv/fault && printf '${OLD}' > /srv/fault/old-kept`,
  );
  const { play, onAll: onBoth } = bench;

  /** h1 reported UNREACHABLE, h2 finished every task, exit 4. */
  const h1Unreachable = (r: Awaited<ReturnType<typeof runMeasured>>, h2Tasks: number) => {
    assert.equal(r.code, 4, shown(r));
    assert.match(r.stdout, /fatal: \[h1\]: UNREACHABLE!/, shown(r));
    assert.equal(recap(r, 'h1').unreachable, 1, shown(r));
    const h2 = recap(r, 'h2');
    assert.equal(h2.ok, h2Tasks, shown(r));
    assert.equal(h2.failed + h2.unreachable, 0, shown(r));
  };

  it('a cut while a command reads its stdin: the command never runs on part of it', async () => {
    // 3 MB of numbered lines: base64 makes 4 MB on the wire; the cut lands in the middle of it
    const lines = Array.from({ length: 150_000 }, (_, i) => `line ${String(i).padStart(12, '0')}`);
    const payload = lines.join('\n');
    writeFileSync(join(bench.dir, 'payload.txt'), payload);
    await onBoth(`printf '${OLD}' > /srv/fault/x`);
    const pb = play('stdin', [
      '    - shell: cat > /srv/fault/x',
      '      args:',
      `        stdin: "{{ lookup('file', '${join(bench.dir, 'payload.txt')}') }}"`,
    ]);
    const r = await runMeasured(pb, bench.net.cutAfter(1_500_000));
    h1Unreachable(r, 1);
    assert.equal(await sha1On(lab, 'h1', '/srv/fault/x'), sha1(OLD), 'nothing ran on h1: the old file');
    const whole = sha1(`${payload}\n`);
    assert.equal(await sha1On(lab, 'h2', '/srv/fault/x'), whole, 'h2 got the whole input');
    const again = await runMeasured(pb, bench.net.normal);
    assert.equal(again.code, 0, shown(again));
    assert.equal(await sha1On(lab, 'h1', '/srv/fault/x'), whole, 'the next run converges');
  });

  it('a cut while a large file uploads: the old file stays, the partial upload goes', async () => {
    const big = randomBytes(24 * 1024 * 1024);
    writeFileSync(join(bench.dir, 'big.bin'), big);
    await onBoth(`printf '${OLD}' > /srv/fault/big.bin`);
    const pb = play('big', [`    - copy: {src: ${join(bench.dir, 'big.bin')}, dest: /srv/fault/big.bin}`]);
    const r = await runMeasured(pb, bench.net.cutAfter(10_000_000));
    h1Unreachable(r, 1);
    assert.equal(await sha1On(lab, 'h1', '/srv/fault/big.bin'), sha1(OLD), 'the old file is intact');
    assert.equal(await sha1On(lab, 'h2', '/srv/fault/big.bin'), sha1(big));
    // the host-side watcher removes the abandoned upload once it is quiet and open by no one
    const left = await eventually(
      () => tempFiles(lab, 'h1', '/srv/fault'),
      (l) => l.length === 0,
    );
    assert.deepEqual(left, [], 'no temporary file is left');
    const again = await runMeasured(pb, bench.net.normal);
    assert.equal(again.code, 0, shown(again));
    assert.equal(await sha1On(lab, 'h1', '/srv/fault/big.bin'), sha1(big), 'the next run converges');
  });

  it('a cut during a small SFTP write: old file or whole new one; the next write removes the temporary file', async () => {
    const content = `${'x'.repeat(99)}\n`.repeat(300); // 30 kB: one SFTP write
    const pb = play('small', [
      `    - copy: {content: ${JSON.stringify(content)}, dest: /srv/fault/small.conf, mode: "0644"}`,
    ]);
    // how many bytes a whole run sends h1: the write's data is the bulk of the last 30 kB
    await onBoth(`printf '${OLD}' > /srv/fault/small.conf`);
    const counted = await runMeasured(pb, bench.net.counting());
    assert.equal(counted.code, 0, shown(counted));
    const total = bench.net.sentBytes();
    let leftBehind = 0;
    for (const back of [26_000, 18_000, 10_000, 4_000]) {
      await onBoth(`printf '${OLD}' > /srv/fault/small.conf && rm -f /srv/fault/.small*`);
      const r = await runMeasured(pb, bench.net.cutAfter(total - back));
      h1Unreachable(r, 1);
      const now = await sha1On(lab, 'h1', '/srv/fault/small.conf');
      assert.ok([sha1(OLD), sha1(content)].includes(now), `cut ${back} bytes before the end: old or whole`);
      const left = await tempFiles(lab, 'h1', '/srv/fault');
      leftBehind += left.length;
      // the next run's first write into the directory removes what the lost session left
      const again = await runMeasured(pb, bench.net.normal);
      assert.equal(again.code, 0, shown(again));
      assert.equal(await sha1On(lab, 'h1', '/srv/fault/small.conf'), sha1(content), 'converges');
      assert.deepEqual(
        await tempFiles(lab, 'h1', '/srv/fault'),
        [],
        `no temporary file after ${left.join()}`,
      );
    }
    assert.ok(leftBehind > 0, 'some cut landed between the temporary file and its rename');
  });

  it('sshd killed on one host mid-run: that host UNREACHABLE, the other finishes', async () => {
    const pb = play('sshd', [
      `    - copy: {content: "first\\n", dest: /srv/fault/a}`,
      `    - shell: pkill -KILL -x sshd; sleep 5`,
      `      when: inventory_hostname == 'h1'`,
      `    - copy: {content: "second\\n", dest: /srv/fault/b}`,
    ]);
    try {
      const r = await runMeasured(pb, bench.net.normal);
      assert.equal(r.code, 4, shown(r));
      assert.equal(recap(r, 'h1').unreachable, 1, shown(r));
      assert.equal(recap(r, 'h2').failed + recap(r, 'h2').unreachable, 0, shown(r));
      assert.equal(await sha1On(lab, 'h2', '/srv/fault/b'), sha1('second\n'));
      assert.equal(await sha1On(lab, 'h1', '/srv/fault/b'), 'absent');
      assert.deepEqual(await tempFiles(lab, 'h1', '/srv/fault'), []);
    } finally {
      const up = await lab.exec('h1', '/usr/sbin/sshd -f /run/fabplay/sshd_config');
      assert.equal(up.rc, 0, up.stderr);
    }
    const again = await runMeasured(
      play('sshd-again', [`    - copy: {content: "second\\n", dest: /srv/fault/b}`]),
      bench.net.normal,
    );
    assert.equal(again.code, 0, shown(again));
    assert.equal(await sha1On(lab, 'h1', '/srv/fault/b'), sha1('second\n'), 'the next run converges');
  });

  it('a host whose key changed: UNREACHABLE with the reason, nothing written there, the other finishes', async () => {
    const known = lab.state.knownHostsFile;
    const saved = readFileSync(known, 'utf8');
    const pb = play('key', [`    - copy: {content: "new\\n", dest: /srv/fault/k}`]);
    try {
      // h1's entry now holds h2's key: what a reinstalled (or impersonated) host looks like
      const lines = saved.split('\n');
      const h2Key = lines
        .find((l) => l.startsWith(`${lab.addr('h2')} `))
        ?.split(' ')
        .slice(1)
        .join(' ');
      assert.ok(h2Key, `h2 in ${known}`);
      const forged = lines.map((l) =>
        l.startsWith(`${lab.addr('h1')} `) ? `${lab.addr('h1')} ${h2Key}` : l,
      );
      writeFileSync(known, forged.join('\n'));
      const r = await runMeasured(pb, bench.net.normal);
      h1Unreachable(r, 1);
      assert.match(r.stdout, /host key/i, shown(r));
      assert.equal(await sha1On(lab, 'h1', '/srv/fault/k'), 'absent');
    } finally {
      writeFileSync(known, saved);
    }
    const again = await runMeasured(pb, bench.net.normal);
    assert.equal(again.code, 0, shown(again));
  });
});
