import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetch } from '../../../src/modules/files/fetch.js';
import { find } from '../../../src/modules/files/find.js';
import { slurp } from '../../../src/modules/files/slurp.js';
import { stat } from '../../../src/modules/files/stat.js';
import { tempfile } from '../../../src/modules/files/tempfile.js';
import { makeContext } from '../../helpers/module-context.js';
import { rmTree, tempDir, treeHash } from './tree.js';

describe('stat, slurp, find, fetch and tempfile modules', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmTree(dir));

  it('stat reports Ansible fields, checksums by algorithm, links with and without follow', async () => {
    const f = join(dir, 'f');
    writeFileSync(f, 'abc', { mode: 0o640 });
    symlinkSync('f', join(dir, 'l'));
    const r = await stat.run(makeContext(), { path: f });
    const s = r.stat as Record<string, any>;
    assert.equal(r.changed, false);
    assert.equal(s.exists, true);
    assert.equal(s.isreg, true);
    assert.equal(s.mode, '0640');
    assert.equal(s.size, 3);
    assert.equal(s.pw_name, 'root');
    assert.equal(s.rgrp, true);
    assert.equal(s.roth, false);
    assert.equal(s.checksum, createHash('sha1').update('abc').digest('hex'));
    const s256 = (await stat.run(makeContext(), { path: f, checksum_algorithm: 'sha256' })).stat as any;
    assert.equal(s256.checksum, createHash('sha256').update('abc').digest('hex'));
    const link = (await stat.run(makeContext(), { path: join(dir, 'l') })).stat as any;
    assert.equal(link.islnk, true);
    assert.equal(link.lnk_target, 'f');
    assert.equal(link.lnk_source, f);
    assert.equal(link.checksum, undefined);
    const followed = (await stat.run(makeContext(), { path: join(dir, 'l'), follow: true })).stat as any;
    assert.equal(followed.isreg, true);
    assert.equal(followed.checksum, s.checksum);
    assert.deepEqual((await stat.run(makeContext(), { path: join(dir, 'none') })).stat, { exists: false });
  });

  it('slurp returns base64 bytes, binary-safe, and fails on a missing file', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 10, 13]);
    writeFileSync(join(dir, 'b'), bytes);
    const r = await slurp.run(makeContext(), { src: join(dir, 'b') });
    assert.equal(r.encoding, 'base64');
    assert.ok(Buffer.from(String(r.content), 'base64').equals(bytes));
    const missing = await slurp.run(makeContext(), { path: join(dir, 'nope') });
    assert.equal(missing.failed, true);
    assert.match(String(missing.msg), /file not found/);
  });

  it('find matches patterns, excludes, types, recursion, hidden, size, age and contains', async () => {
    mkdirSync(join(dir, 'cfg', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'cfg', 'a.conf'), 'listen 80\n');
    writeFileSync(join(dir, 'cfg', 'b.conf'), 'x'.repeat(2048));
    writeFileSync(join(dir, 'cfg', '.hidden.conf'), 'h');
    writeFileSync(join(dir, 'cfg', 'c.txt'), 'listen 81\n');
    writeFileSync(join(dir, 'cfg', 'sub', 'd.conf'), 'deep');
    utimesSync(join(dir, 'cfg', 'a.conf'), new Date('2020-01-01'), new Date('2020-01-01'));
    const names = async (args: Record<string, unknown>) => {
      const r = await find.run(makeContext(), { paths: join(dir, 'cfg'), ...args });
      assert.equal(r.changed, false);
      assert.equal(r.matched, (r.files as unknown[]).length);
      return (r.files as { path: string }[]).map((f) => f.path.slice(dir.length + 5)).sort();
    };
    assert.deepEqual(await names({ patterns: '*.conf' }), ['a.conf', 'b.conf']);
    assert.deepEqual(await names({ patterns: ['*.conf'], recurse: true }), [
      'a.conf',
      'b.conf',
      'sub/d.conf',
    ]);
    assert.deepEqual(await names({ patterns: '*.conf', hidden: true }), ['.hidden.conf', 'a.conf', 'b.conf']);
    assert.deepEqual(await names({ patterns: '*', excludes: '*.conf' }), ['c.txt']);
    assert.deepEqual(await names({ file_type: 'directory' }), ['sub']);
    assert.deepEqual(await names({ size: '1k' }), ['b.conf']);
    assert.deepEqual(await names({ age: '365d' }), ['a.conf']);
    assert.deepEqual(await names({ contains: 'listen \\d+' }), ['a.conf', 'c.txt']);
    assert.deepEqual(await names({ patterns: '^[ab]\\.conf$', use_regex: true }), ['a.conf', 'b.conf']);
    const withSum = await find.run(makeContext(), {
      paths: join(dir, 'cfg'),
      patterns: 'c.txt',
      get_checksum: true,
    });
    assert.equal(
      (withSum.files as any[])[0].checksum,
      createHash('sha1').update('listen 81\n').digest('hex'),
    );
    const bad = await find.run(makeContext(), { paths: join(dir, 'cfg'), age: 'old' });
    assert.match(String(bad.msg), /failed to process age/);
    const missing = await find.run(makeContext(), { paths: [join(dir, 'nope')] });
    assert.match(String(missing.msg), /Not all paths examined/);
  });

  it('fetch copies to dest/<host>/<path> or flat, idempotently, and not in check mode', async () => {
    const remote = join(dir, 'remote', 'etc', 'hosts');
    mkdirSync(join(dir, 'remote', 'etc'), { recursive: true });
    writeFileSync(remote, 'one\n');
    const out = join(dir, 'out');
    const before = treeHash(dir);
    assert.equal((await fetch.run(makeContext({ check: true }), { src: remote, dest: out })).changed, true);
    assert.equal(treeHash(dir), before);
    const r = await fetch.run(makeContext(), { src: remote, dest: out });
    assert.equal(r.changed, true);
    assert.equal(r.dest, join(out, 'localhost', remote));
    assert.equal(readFileSync(String(r.dest), 'utf8'), 'one\n');
    assert.equal((await fetch.run(makeContext(), { src: remote, dest: out })).changed, false);
    const flat = await fetch.run(makeContext(), { src: remote, dest: `${out}/flat/`, flat: true });
    assert.equal(flat.dest, join(out, 'flat', 'hosts'));
    const missing = await fetch.run(makeContext(), { src: join(dir, 'nope'), dest: out });
    assert.match(String(missing.msg), /does not exist/);
    const ignored = await fetch.run(makeContext(), {
      src: join(dir, 'nope'),
      dest: out,
      fail_on_missing: false,
    });
    assert.equal(ignored.failed, undefined);
  });

  it('tempfile makes a file or directory with prefix and suffix', async () => {
    const f = await tempfile.run(makeContext(), { path: dir, prefix: 'pxe.', suffix: '.cfg' });
    assert.equal(f.changed, true);
    assert.match(String(f.path), new RegExp(`^${dir}/pxe\\.\\w{8}\\.cfg$`));
    assert.equal(readFileSync(String(f.path), 'utf8'), '');
    const d = await tempfile.run(makeContext(), { path: dir, state: 'directory' });
    assert.match(String(d.path), /\/ansible\.\w{8}$/);
    const bad = await tempfile.run(makeContext(), { path: join(dir, 'nope') });
    assert.equal(bad.failed, true);
  });
});
