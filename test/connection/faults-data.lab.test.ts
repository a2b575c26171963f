// Fault injection, data: a disk that fills up during writes, a 50 MB command output, binary and
// invalid UTF-8 output and files with NUL bytes, two runs writing the same files at once, a task's
// own ansible_user, and uploads that nobody else can read while they travel. Each time: old file
// intact or new one whole, no temporary file beside it, the failing host reported while the other
// finishes, the documented exit code, bounded memory, and a next run that converges.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLab, LAB_USER } from '../helpers/lab.js';
import { recap, runMeasured, sha1On, shown, tempFiles, useFaultBench } from '../helpers/faults.js';

const sha1 = (b: Buffer | string) => createHash('sha1').update(b).digest('hex');
const OLD = 'old content\n';

describe('faults: disk full, huge and binary output, concurrent runs, login users @lab', function () {
  this.timeout(240_000);
  const lab = useLab({ hosts: 2 });
  const bench = useFaultBench(lab, 'rm -rf /srv/fault && mkdir /srv/fault');
  const { play, onAll: onBoth } = bench;

  it('a disk that fills up: FAILED naming "No space left on device", old files intact, no temporary file', async () => {
    const small = `${'s'.repeat(99)}\n`.repeat(300); // over SFTP
    const big = randomBytes(6 * 1024 * 1024); // streamed upload, then moved
    writeFileSync(join(bench.dir, 'big.bin'), big);
    const mnt = '/srv/fault/full';
    const m = await lab.exec('h1', `mkdir ${mnt} && mount -t tmpfs -o size=8m fabplay-full ${mnt}`);
    assert.equal(m.rc, 0, m.stderr);
    try {
      await onBoth(
        `mkdir -p ${mnt} && printf '${OLD}' > ${mnt}/small.conf && printf '${OLD}' > ${mnt}/big.bin`,
      );
      // leave h1's tmpfs 8 kB: less than either file
      const fill = await lab.exec(
        'h1',
        `head -c $(( $(df -B1 --output=avail ${mnt} | tail -1) - 8192 )) /dev/zero > ${mnt}/filler`,
      );
      assert.equal(fill.rc, 0, fill.stderr);
      const pb = play('full', [
        `    - copy: {content: ${JSON.stringify(small)}, dest: ${mnt}/small.conf, mode: "0644"}`,
        `      ignore_errors: true`,
        `    - copy: {src: ${join(bench.dir, 'big.bin')}, dest: ${mnt}/big.bin}`,
      ]);
      const r = await runMeasured(pb, bench.net.normal);
      assert.equal(r.code, 2, shown(r));
      assert.equal((r.stdout.match(/No space left on device/g) ?? []).length >= 2, true, shown(r));
      assert.equal(recap(r, 'h1').failed, 1, shown(r));
      assert.equal(recap(r, 'h2').failed + recap(r, 'h2').unreachable, 0, shown(r));
      for (const f of ['small.conf', 'big.bin'])
        assert.equal(await sha1On(lab, 'h1', `${mnt}/${f}`), sha1(OLD), f);
      assert.equal(await sha1On(lab, 'h2', `${mnt}/big.bin`), sha1(big));
      assert.deepEqual(await tempFiles(lab, 'h1', mnt), []);
      // room again: the next run converges
      await lab.exec('h1', `rm -f ${mnt}/filler`);
      const again = await runMeasured(pb, bench.net.normal);
      assert.equal(again.code, 0, shown(again));
      assert.equal(await sha1On(lab, 'h1', `${mnt}/big.bin`), sha1(big));
      assert.equal(await sha1On(lab, 'h1', `${mnt}/small.conf`), sha1(small));
    } finally {
      await lab.exec('h1', `umount ${mnt}`);
    }
  });

  it('a 50 MB command output: registered whole, memory bounded', async () => {
    const pb = play('huge', [
      `    - shell: yes 0123456789abcdef | head -c 50000000`,
      `      register: out`,
      `    - assert: {that: ["out.stdout | length == 50000000"]}`,
    ]);
    const r = await runMeasured(pb, bench.net.normal);
    assert.equal(r.code, 0, shown(r));
    assert.equal(recap(r, 'h1').ok, 2, shown(r));
  });

  it('binary and invalid UTF-8 output, files with NUL bytes: byte for byte, whatever the path', async () => {
    const bin = Buffer.concat([Buffer.from([0, 0xff, 0xfe, 0xc3, 0x28, 0, 10]), randomBytes(20_000)]);
    const large = Buffer.concat([bin, randomBytes(5 * 1024 * 1024)]);
    writeFileSync(join(bench.dir, 'small.bin'), bin); // over SFTP
    writeFileSync(join(bench.dir, 'mid.bin'), Buffer.concat([bin, randomBytes(100_000)])); // on stdin
    writeFileSync(join(bench.dir, 'large.bin'), large); // streamed
    const pb = play('binary', [
      `    - shell: printf 'a\\377\\376b\\000c\\303\\050'; head -c 4096 /dev/urandom`,
      `      register: junk`,
      ...['small', 'mid', 'large'].map(
        (n) => `    - copy: {src: ${join(bench.dir, `${n}.bin`)}, dest: /srv/fault/${n}.bin, mode: "0600"}`,
      ),
    ]);
    const r = await runMeasured(pb, bench.net.normal);
    assert.equal(r.code, 0, shown(r));
    for (const h of lab.hosts)
      for (const n of ['small', 'mid', 'large'])
        assert.equal(
          await sha1On(lab, h, `/srv/fault/${n}.bin`),
          sha1(readFileSync(join(bench.dir, `${n}.bin`))),
          n,
        );
    const again = await runMeasured(pb, bench.net.normal);
    assert.equal(again.code, 0, shown(again));
    assert.equal(recap(again, 'h1').changed, 1, 'only the command changes: the files converged');
  });

  it('two runs writing the same files and directories at once both succeed, files whole', async () => {
    const content = `${'c'.repeat(63)}\n`.repeat(100);
    const pb = play('race', [
      `    - file: {path: "/srv/fault/d{{ item }}/sub", state: directory, mode: "0755"}`,
      `      loop: "{{ range(12) | list }}"`,
      `    - copy: {content: ${JSON.stringify(content)}, dest: "/srv/fault/d{{ item }}/f", mode: "0644"}`,
      `      loop: "{{ range(12) | list }}"`,
    ]);
    const [a, b] = await Promise.all([runMeasured(pb, bench.net.normal), runMeasured(pb, bench.net.normal)]);
    assert.equal(a.code, 0, shown(a));
    assert.equal(b.code, 0, shown(b));
    for (const h of lab.hosts) {
      const sums = await lab.exec(h, 'cat /srv/fault/d*/f | sha1sum; ls -A /srv/fault/d*');
      assert.ok(sums.stdout.startsWith(sha1(content.repeat(12))), sums.stdout);
      assert.ok(!sums.stdout.includes('fabplay'), `no temporary file: ${sums.stdout}`);
    }
  });

  it("a task's ansible_user logs in as that user (a connection of its own)", async () => {
    const pb = play('users', [
      `    - command: id -un`,
      `      register: as_root`,
      `    - command: id -un`,
      `      register: as_user`,
      `      vars: {ansible_user: ${LAB_USER}}`,
      `    - assert: {that: ["as_root.stdout == 'root'", "as_user.stdout == '${LAB_USER}'"]}`,
    ]);
    const r = await runMeasured(pb, bench.net.normal);
    assert.equal(r.code, 0, shown(r));
  });

  it('an upload is private from its first byte (0600)', async () => {
    const big = randomBytes(16 * 1024 * 1024);
    writeFileSync(join(bench.dir, 'secret.bin'), big);
    const modes: string[] = [];
    const upper = (p: string) => join(lab.upperDir('h1'), p);
    const watch = setInterval(() => {
      for (const dir of ['srv/fault', 'tmp']) {
        let names: string[] = [];
        try {
          names = readdirSync(upper(dir)).filter((n) => n.startsWith('.') && n.includes('fabplay'));
        } catch {
          continue;
        }
        for (const n of names) {
          const st = statSync(join(upper(dir), n), { throwIfNoEntry: false });
          if (st) modes.push(`${dir}/${n} ${(st.mode & 0o777).toString(8)}`);
        }
      }
    }, 2);
    try {
      const pb = play('secret', [
        `    - copy: {src: ${join(bench.dir, 'secret.bin')}, dest: /srv/fault/plain.bin, mode: "0600"}`,
      ]);
      const r = await runMeasured(pb, bench.net.normal);
      assert.equal(r.code, 0, shown(r));
    } finally {
      clearInterval(watch);
    }
    assert.ok(modes.length > 0, 'uploads seen in flight');
    for (const m of modes) assert.match(m, / [67]00$/, `private: ${m}`);
  });
});
