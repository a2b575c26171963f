import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makedev, statPaths } from '../../../src/modules/lib/remote-stat.js';
import { makeContext } from '../../helpers/module-context.js';

/** The batched stat (one `stat` process for all paths) against real files through a real sh. */
describe('remote stat of several paths in one command', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-stat-'));
    writeFileSync(join(dir, 'f'), 'data\n', { mode: 0o640 });
    mkdirSync(join(dir, 'd'), { mode: 0o750 });
    symlinkSync('f', join(dir, 'to-f'));
    symlinkSync('nowhere', join(dir, 'dangling'));
    writeFileSync(join(dir, "odd\nname 'x'"), 'odd');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const names = ['f', 'missing', 'd', 'to-f', 'dangling', "odd\nname 'x'", 'missing2'];
  const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

  it('reports each path in order, with and without following links', async () => {
    const paths = names.map((n) => join(dir, n));
    for (const follow of [true, false]) {
      const st = await statPaths(makeContext(), paths, { follow, checksum: 'sha1' });
      const [f, missing, d, toF, dangling, odd, missing2] = st;
      assert.deepEqual(
        st.map((s) => s.path),
        paths,
      );
      assert.equal(f!.type, 'file');
      assert.equal(f!.mode, 0o640);
      assert.equal(f!.inode, statSync(paths[0]!).ino);
      assert.equal(f!.checksum, sha1('data\n'));
      assert.equal(missing!.exists, false);
      assert.equal(missing2!.exists, false);
      assert.equal(d!.type, 'directory');
      assert.equal(d!.mode, 0o750);
      assert.equal(toF!.linkTarget, 'f');
      assert.equal(toF!.type, follow ? 'file' : 'link', `follow=${follow}`);
      assert.equal(toF!.checksum, follow ? sha1('data\n') : undefined);
      assert.equal(dangling!.exists, true);
      assert.equal(dangling!.type, 'link');
      assert.equal(dangling!.linkTarget, 'nowhere');
      assert.equal(odd!.size, 3);
      assert.equal(odd!.checksum, sha1('odd'));
    }
  });

  it("gives times to the nanosecond, the same floats as Python's os.stat", async () => {
    const path = join(dir, 'f');
    const [f] = await statPaths(makeContext(), [path], { full: true });
    const py = execFileSync('python3', [
      '-c',
      `import os,sys;s=os.stat(sys.argv[1]);print(repr(s.st_mtime), repr(s.st_atime))`,
      path,
    ]);
    assert.equal(`${f!.mtime} ${f!.atime}`, py.toString().trim());
    assert.notEqual(f!.mtime! % 1, 0, 'a file written now has a fractional mtime');
  });

  it("gives blocks, I/O size and a device node's number as os.stat, and lsattr -vd's words when asked", async () => {
    const paths = [join(dir, 'f'), join(dir, 'd'), '/dev/null', join(dir, 'to-f')];
    const st = await statPaths(makeContext(), paths, { full: true, lsattr: true });
    for (const [i, path] of paths.entries()) {
      // not followed: the link's own
      const want = lstatSync(path);
      assert.equal(st[i]!.blocks, want.blocks, path);
      assert.equal(st[i]!.blockSize, want.blksize, path);
      assert.equal(st[i]!.rdev, want.rdev, path);
      // what lsattr says here (nothing for a device node or a symlink, nor on tmpfs)
      const l = spawnSync('lsattr', ['-vd', path], { encoding: 'utf8' });
      const words = l.stdout?.trim().split(/\s+/) ?? [];
      const lsattr = l.status === 0 ? { version: words[0], flags: words[1]!.replace(/-/g, '') } : undefined;
      assert.deepEqual(st[i]!.lsattr, lsattr, path);
    }
    assert.notEqual(st[2]!.rdev, 0, '/dev/null is a device');
    const [plain] = await statPaths(makeContext(), paths, { full: true });
    assert.equal(plain!.lsattr, undefined, 'lsattr runs only when asked');
  });

  it("encodes a device's major and minor as glibc's makedev (Python's os.makedev)", () => {
    const pairs = [
      [1, 3],
      [254, 0],
      [4096, 256],
      [0x12345, 0xabcdef],
    ] as const;
    const py = execFileSync('python3', [
      '-c',
      `import os,sys;print(' '.join(str(os.makedev(int(a), int(b))) for a, b in zip(*[iter(sys.argv[1:])]*2)))`,
      ...pairs.flat().map(String),
    ]);
    assert.equal(pairs.map(([a, b]) => makedev(a, b)).join(' '), py.toString().trim());
  });

  it('adds the mime type and encoding by `file` in the same command when asked, for every path', async () => {
    const paths = ['f', 'd', 'to-f', 'missing'].map((n) => join(dir, n));
    const probes: unknown[] = [];
    const ctx = makeContext();
    const probeBytes = ctx.probeBytes.bind(ctx);
    ctx.probeBytes = (argv, opts) => {
      probes.push(argv);
      return probeBytes(argv, opts);
    };
    const [f, d, link, missing] = await statPaths(ctx, paths, { mime: true });
    assert.equal(probes.length, 1);
    assert.equal(f!.mime, 'text/plain; charset=us-ascii');
    assert.equal(d!.mime, 'inode/directory; charset=binary');
    assert.equal(link!.mime, 'inode/symlink; charset=binary');
    assert.equal(missing!.mime, undefined);
    const [plain] = await statPaths(makeContext(), paths, { full: true });
    assert.equal(plain!.mime, undefined);
  });
});
