import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { copy } from '../../../src/modules/files/copy.js';
import { lineinfile } from '../../../src/modules/files/lineinfile.js';
import { makeContext } from '../../helpers/module-context.js';
import { modeOf, rmTree, tempDir, tempLeftovers, treeHash } from './tree.js';

describe('copy module', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmTree(dir));

  it('converges content from nothing, then reports no change', async () => {
    const dest = join(dir, 'motd');
    const r1 = await copy.run(makeContext(), { content: 'hello\n', dest, mode: '0640' });
    assert.equal(r1.changed, true);
    assert.equal(readFileSync(dest, 'utf8'), 'hello\n');
    assert.equal(modeOf(dest), 0o640);
    assert.equal(r1.checksum, 'f572d396fae9206628714fb2ce00f72e94f2258f');
    assert.equal(r1.mode, '0640');
    assert.equal(r1.state, 'file');
    const r2 = await copy.run(makeContext(), { content: 'hello\n', dest, mode: '0640' });
    assert.equal(r2.changed, false);
    assert.deepEqual(tempLeftovers(dir), []);
  });

  it("-vvv's command lines show how many bytes are written, not the content (Ansible's no_log)", async () => {
    const dest = join(dir, 'secret');
    const lines: string[] = [];
    const log = (msg: string) => void lines.push(msg);
    assert.equal((await copy.run(makeContext({ log }), { content: 'S3CRET-x', dest })).changed, true);
    assert.equal(readFileSync(dest, 'utf8'), 'S3CRET-x');
    assert.ok(
      lines.some((l) => l.includes('EXEC') && l.includes('<8 bytes>')),
      lines.join('\n'),
    );
    assert.ok(!lines.some((l) => l.includes('S3CRET')), lines.join('\n'));
  });

  it('check mode reports the change and leaves the tree unchanged; nothing to report once converged', async () => {
    const dest = join(dir, 'a.conf');
    writeFileSync(dest, 'old\n');
    const before = treeHash(dir);
    const r = await copy.run(makeContext({ check: true, diff: true }), {
      content: 'new\n',
      dest,
      mode: 'u=rw,g=,o=',
    });
    assert.equal(r.changed, true);
    assert.equal(treeHash(dir), before);
    // Ansible's copy action: a content change's diff comes in a list; an unchanged file's is the
    // file module's (its path)
    assert.deepEqual(r.diff, [{ before: 'old\n', after: 'new\n', before_header: dest, after_header: dest }]);
    await copy.run(makeContext(), { content: 'new\n', dest, mode: 'u=rw,g=,o=' });
    assert.equal(modeOf(dest), 0o600);
    const converged = treeHash(dir);
    const r2 = await copy.run(makeContext({ check: true, diff: true }), {
      content: 'new\n',
      dest,
      mode: 'u=rw,g=,o=',
    });
    assert.equal(r2.changed, false);
    assert.deepEqual(r2.diff, { before: { path: dest }, after: { path: dest } });
    assert.equal(treeHash(dir), converged);
  });

  it('accepts the mode forms Ansible does and reports an attribute-only change as a diff', async () => {
    const dest = join(dir, 'f');
    for (const [mode, want] of [
      [420, 0o644],
      ['0600', 0o600],
      ['755', 0o755],
      ['u=rw,g=r,o=r', 0o644],
      ['g+w', 0o664],
    ] as const) {
      const r = await copy.run(makeContext({ diff: true }), { content: 'x', dest, mode });
      assert.equal(modeOf(dest), want, `mode ${mode}`);
      assert.equal(r.changed, true);
      const again = await copy.run(makeContext(), { content: 'x', dest, mode });
      // g+w is relative: applying it again changes nothing either
      assert.equal(again.changed, false, `mode ${mode} again`);
    }
    const r = await copy.run(makeContext({ diff: true }), { content: 'x', dest, mode: '0644' });
    assert.deepEqual(r.diff, { before: { mode: '0664', path: dest }, after: { mode: '0644', path: dest } });
  });

  it('keeps an existing file mode and owner when none is given, and sets owner/group by name or id', async () => {
    const dest = join(dir, 'f');
    writeFileSync(dest, 'a', { mode: 0o751 });
    await copy.run(makeContext(), { content: 'b', dest });
    assert.equal(modeOf(dest), 0o751);
    const r = await copy.run(makeContext(), { content: 'b', dest, owner: 'nobody', group: '65534' });
    assert.equal(r.changed, true);
    assert.equal(statSync(dest).uid, 65534);
    assert.equal(statSync(dest).gid, 65534);
    assert.equal(
      (await copy.run(makeContext(), { content: 'b', dest, owner: '65534', group: 'nogroup' })).changed,
      false,
    );
  });

  it('keeps a backup of the old file', async () => {
    const dest = join(dir, 'conf');
    writeFileSync(dest, 'v1\n');
    const r = await copy.run(makeContext(), { content: 'v2\n', dest, backup: true });
    assert.match(String(r.backup_file), /\/conf\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
    assert.equal(readFileSync(String(r.backup_file), 'utf8'), 'v1\n');
    assert.equal(readFileSync(dest, 'utf8'), 'v2\n');
  });

  it('validates the temporary file before the rename; a failing validate leaves the live file intact', async () => {
    const dest = join(dir, 'sudoers');
    writeFileSync(dest, 'good\n');
    const ok = await copy.run(makeContext(), { content: 'good too\n', dest, validate: 'grep -q good %s' });
    assert.equal(ok.changed, true);
    const bad = await copy.run(makeContext(), {
      content: 'bad\n',
      dest,
      validate: "sh -c 'echo nope: $0 >&2; exit 1' %s",
    });
    assert.equal(bad.failed, true);
    assert.match(String(bad.msg), /failed to validate/);
    assert.match(String(bad.msg), /nope: .*\.sudoers\.fabplay-/);
    assert.equal(readFileSync(dest, 'utf8'), 'good too\n');
    assert.deepEqual(tempLeftovers(dir), []);
    const noPct = await copy.run(makeContext(), { content: 'x', dest, validate: 'true' });
    assert.match(String(noPct.msg), /validate must contain %s/);
  });

  it('copies a binary controller file from files/, and streams a large one', async () => {
    const files = join(dir, 'files');
    mkdirSync(files);
    const small = randomBytes(300_000);
    small[5] = 0;
    writeFileSync(join(files, 'blob.bin'), small);
    const big = randomBytes(6 * 1024 * 1024);
    writeFileSync(join(files, 'big.img'), big);
    const out = join(dir, 'out');
    mkdirSync(out);
    const ctx = makeContext({ filesDir: files });
    const r = await copy.run(ctx, { src: 'blob.bin', dest: `${out}/` });
    assert.equal(r.dest, join(out, 'blob.bin'));
    assert.ok(readFileSync(join(out, 'blob.bin')).equals(small));
    const rb = await copy.run(ctx, { src: 'big.img', dest: out, mode: '0600' });
    assert.equal(rb.changed, true);
    assert.ok(readFileSync(join(out, 'big.img')).equals(big));
    // the legacy md5sum of what was written, as Ansible's copy still reports it
    assert.equal(rb.md5sum, createHash('md5').update(big).digest('hex'));
    assert.equal(modeOf(join(out, 'big.img')), 0o600);
    assert.equal((await copy.run(ctx, { src: 'big.img', dest: out, mode: '0600' })).changed, false);
    assert.deepEqual(tempLeftovers(dir), []);
    const rd = await copy.run(makeContext({ filesDir: files, diff: true }), {
      src: 'blob.bin',
      dest: join(out, 'x'),
    });
    assert.match(String((rd.diff as any)[0].after_header), /diff skipped/);
    const rs = await copy.run(makeContext({ diff: true }), { content: 'a\u0000b', dest: join(out, 'y') });
    assert.match(String((rs.diff as any)[0].after_header), /binary/);
  });

  it('copies a directory recursively (dir and dir/ forms), idempotently, and check mode touches nothing', async () => {
    const src = join(dir, 'src', 'site');
    mkdirSync(join(src, 'sub', 'deep'), { recursive: true });
    writeFileSync(join(src, 'index.html'), 'hi');
    writeFileSync(join(src, 'sub', 'deep', 'a.txt'), 'a');
    const dest = join(dir, 'www');
    mkdirSync(dest);
    const before = treeHash(dest);
    const rc = await copy.run(makeContext({ check: true }), { src, dest });
    assert.equal(rc.changed, true);
    assert.equal(treeHash(dest), before);
    const r1 = await copy.run(makeContext(), { src, dest, directory_mode: '0750' });
    assert.equal(r1.changed, true);
    assert.equal(readFileSync(join(dest, 'site', 'sub', 'deep', 'a.txt'), 'utf8'), 'a');
    assert.equal(modeOf(join(dest, 'site', 'sub')), 0o750);
    assert.equal((await copy.run(makeContext(), { src, dest })).changed, false);
    const r3 = await copy.run(makeContext(), { src: `${src}/`, dest: join(dir, 'flat') });
    assert.equal(r3.changed, true);
    assert.deepEqual(readdirSync(join(dir, 'flat')).sort(), ['index.html', 'sub']);
  });

  it('copies a file already on the host with remote_src', async () => {
    writeFileSync(join(dir, 'orig'), 'remote bytes');
    const dest = join(dir, 'copy');
    assert.equal(
      (await copy.run(makeContext(), { src: join(dir, 'orig'), dest, remote_src: true })).changed,
      true,
    );
    assert.equal(readFileSync(dest, 'utf8'), 'remote bytes');
    assert.equal(
      (await copy.run(makeContext(), { src: join(dir, 'orig'), dest, remote_src: true })).changed,
      false,
    );
  });

  it('check mode reports a change into a directory an earlier task would make (as Ansible does)', async () => {
    const dest = join(dir, 'later', 'x.txt');
    const r = await copy.run(makeContext({ check: true }), { content: 'x', dest });
    assert.equal(r.changed, true);
    assert.equal(r.failed, undefined);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('force: no leaves an existing file alone', async () => {
    const dest = join(dir, 'keep');
    writeFileSync(dest, 'mine');
    assert.equal((await copy.run(makeContext(), { content: 'theirs', dest, force: 'no' })).changed, false);
    assert.equal(readFileSync(dest, 'utf8'), 'mine');
  });

  it('fails clearly: missing src, bad mode, missing directory, content with src', async () => {
    const ctx = makeContext({ filesDir: dir });
    const missing = await copy.run(ctx, { src: 'nope.txt', dest: join(dir, 'x') });
    assert.match(String(missing.msg), /Could not find or access 'nope.txt'/);
    const badMode = await copy.run(ctx, { content: 'x', dest: join(dir, 'x'), mode: 'rwxr-xr-x' });
    assert.match(String(badMode.msg), /mode must be in octal or symbolic form/);
    const noDir = await copy.run(ctx, { content: 'x', dest: join(dir, 'no', 'such', 'x') });
    assert.match(String(noDir.msg), /Destination directory .*\/no\/such does not exist/);
    writeFileSync(join(dir, 'f'), 'f');
    const sum = await copy.run(ctx, { src: 'f', dest: join(dir, 'g'), checksum: '0'.repeat(40) });
    assert.match(String(sum.msg), /does not match the expected checksum/);
    rmSync(join(dir, 'f'));
    const both = await copy.run(ctx, { content: 'x', src: 'a', dest: join(dir, 'x') });
    assert.match(String(both.msg), /mutually exclusive/);
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('copy and lineinfile with a symlink as dest', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmTree(dir));

  it('compares with the link target; follow writes the target, lineinfile keeps the link', async () => {
    writeFileSync(join(dir, 'real.conf'), 'a\n');
    symlinkSync('real.conf', join(dir, 'link.conf'));
    const dest = join(dir, 'link.conf');
    assert.equal((await copy.run(makeContext(), { content: 'a\n', dest })).changed, false);
    assert.equal((await copy.run(makeContext(), { content: 'b\n', dest, follow: true })).changed, true);
    assert.ok(lstatSync(dest).isSymbolicLink());
    assert.equal(readFileSync(join(dir, 'real.conf'), 'utf8'), 'b\n');
    assert.equal((await lineinfile.run(makeContext(), { path: dest, line: 'c' })).changed, true);
    assert.ok(lstatSync(dest).isSymbolicLink());
    assert.equal(readFileSync(join(dir, 'real.conf'), 'utf8'), 'b\nc\n');
    // without follow a differing copy replaces the link by a file, as Ansible does
    assert.equal((await copy.run(makeContext(), { content: 'd\n', dest })).changed, true);
    assert.ok(lstatSync(dest).isFile());
    assert.equal(readFileSync(join(dir, 'real.conf'), 'utf8'), 'b\nc\n');
  });

  it('copies a directory already on the host with remote_src', async () => {
    mkdirSync(join(dir, 'src', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'src', 'sub', 'f'), 'f');
    const r = await copy.run(makeContext(), {
      src: join(dir, 'src/'),
      dest: join(dir, 'dst'),
      remote_src: true,
    });
    assert.equal(r.changed, true);
    assert.equal(readFileSync(join(dir, 'dst', 'sub', 'f'), 'utf8'), 'f');
    assert.equal(
      (await copy.run(makeContext(), { src: join(dir, 'src/'), dest: join(dir, 'dst'), remote_src: true }))
        .changed,
      false,
    );
  });
});
