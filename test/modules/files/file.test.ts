import { strict as assert } from 'node:assert';
import { existsSync, lstatSync, mkdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { file } from '../../../src/modules/files/file.js';
import { touchDate } from '../../../src/modules/files/file-times.js';
import { makeContext } from '../../helpers/module-context.js';
import { modeOf, rmTree, tempDir, treeHash } from './tree.js';

const run = (args: Record<string, unknown>, o: { check?: boolean; diff?: boolean } = {}) =>
  file.run(makeContext(o), args);

/** converge, converge again (no change), check mode on the converged tree (no change, no write) */
async function convergeTwice(dir: string, args: Record<string, unknown>) {
  const before = treeHash(dir);
  const c = await run(args, { check: true, diff: true });
  assert.equal(c.changed, true, 'check mode reports the change');
  assert.equal(treeHash(dir), before, 'check mode writes nothing');
  const r1 = await run(args, { diff: true });
  assert.equal(r1.changed, true);
  const r2 = await run(args);
  assert.equal(r2.changed, false, 'second run changes nothing');
  const after = treeHash(dir);
  assert.equal((await run(args, { check: true })).changed, false);
  assert.equal(treeHash(dir), after);
  return r1;
}

describe('file module', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmTree(dir));

  it('state=directory makes missing parents with the mode, idempotently, with a state diff', async () => {
    const path = join(dir, 'a', 'b', 'c');
    const r = await convergeTwice(dir, { path, state: 'directory', mode: '0750' });
    assert.equal(modeOf(join(dir, 'a')), 0o750);
    assert.equal(modeOf(path), 0o750);
    assert.equal(r.state, 'directory');
    assert.equal(r.mode, '0750');
    assert.deepEqual(r.diff, { before: { path, state: 'absent' }, after: { path, state: 'directory' } });
  });

  it('recurse sets owner and symbolic mode on the whole tree', async () => {
    mkdirSync(join(dir, 't', 'sub'), { recursive: true });
    writeFileSync(join(dir, 't', 'sub', 'f'), 'x', { mode: 0o600 });
    await convergeTwice(dir, {
      path: join(dir, 't'),
      state: 'directory',
      recurse: true,
      mode: 'u=rwX,g=rX,o=rX',
      owner: 'nobody',
    });
    assert.equal(modeOf(join(dir, 't', 'sub')), 0o755);
    assert.equal(modeOf(join(dir, 't', 'sub', 'f')), 0o644);
    assert.equal(statSync(join(dir, 't', 'sub', 'f')).uid, 65534);
  });

  it('state=touch creates a file; touching again changes times (as Ansible), preserve does not', async () => {
    const path = join(dir, 'stamp');
    const r = await run({ path, state: 'touch', mode: '0600' });
    assert.equal(r.changed, true);
    assert.equal(modeOf(path), 0o600);
    assert.equal((await run({ path, state: 'touch' })).changed, true);
    const keep = { path, state: 'touch', modification_time: 'preserve', access_time: 'preserve' };
    assert.equal((await run(keep)).changed, false);
    const before = treeHash(dir);
    assert.equal((await run({ path: join(dir, 'new'), state: 'touch' }, { check: true })).changed, true);
    assert.equal(treeHash(dir), before);
  });

  it('state=file sets attributes of an existing file and fails on a missing one', async () => {
    const path = join(dir, 'f');
    writeFileSync(path, 'x', { mode: 0o644 });
    await convergeTwice(dir, { path, mode: 'go-r' });
    assert.equal(modeOf(path), 0o600);
    const missing = await run({ path: join(dir, 'nope') });
    assert.equal(missing.failed, true);
    assert.match(String(missing.msg), /file \(.*nope\) is absent, cannot continue/);
  });

  it('state=link makes, keeps and retargets a symlink; refuses to replace a file without force', async () => {
    writeFileSync(join(dir, 'target1'), '1');
    writeFileSync(join(dir, 'target2'), '2');
    const path = join(dir, 'current');
    const r = await convergeTwice(dir, { path, src: 'target1', state: 'link' });
    assert.equal(readlinkSync(path), 'target1');
    assert.equal(r.src, 'target1');
    await convergeTwice(dir, { path, src: join(dir, 'target2'), state: 'link' });
    assert.equal(readlinkSync(path), join(dir, 'target2'));
    writeFileSync(join(dir, 'plain'), 'p');
    const refused = await run({ path: join(dir, 'plain'), src: 'target1', state: 'link' });
    assert.match(String(refused.msg), /refusing to convert from file to link/);
    assert.equal(
      (await run({ path: join(dir, 'plain'), src: 'target1', state: 'link', force: true })).changed,
      true,
    );
    assert.ok(lstatSync(join(dir, 'plain')).isSymbolicLink());
    const dangling = await run({ path: join(dir, 'd'), src: 'missing', state: 'link' });
    assert.match(String(dangling.msg), /src file does not exist/);
  });

  it('state=hard makes a hard link', async () => {
    writeFileSync(join(dir, 'orig'), 'o');
    const path = join(dir, 'hl');
    await convergeTwice(dir, { path, src: join(dir, 'orig'), state: 'hard' });
    assert.equal(statSync(path).ino, statSync(join(dir, 'orig')).ino);
  });

  it('state=absent removes files and trees, and is then unchanged', async () => {
    mkdirSync(join(dir, 'gone', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'gone', 'deep', 'f'), 'x');
    const gone = join(dir, 'gone');
    const r = await convergeTwice(dir, { path: gone, state: 'absent' });
    assert.equal(existsSync(gone), false);
    // Ansible's path_content: what the directory held
    assert.deepEqual(r.diff, {
      before: {
        path: gone,
        path_content: { directories: [join(gone, 'deep')], files: [join(gone, 'deep', 'f')] },
        state: 'directory',
      },
      after: { path: gone, state: 'absent' },
    });
    const again = await run({ path: gone, state: 'absent' });
    assert.deepEqual(again.diff, { before: { path: gone }, after: { path: gone } });
  });

  it("reports Ansible's diff in every result: a link pointed elsewhere shows old and new src", async () => {
    writeFileSync(join(dir, 'a'), 'a');
    const path = join(dir, 'l');
    const made = await run({ path, src: join(dir, 'a'), state: 'link' });
    assert.deepEqual(made.diff, { before: { path, state: 'absent' }, after: { path, state: 'link' } });
    const moved = await run({ path, src: 'a', state: 'link' });
    assert.deepEqual(moved.diff, { before: { path, src: join(dir, 'a') }, after: { path, src: 'a' } });
    const same = await run({ path, src: 'a', state: 'link' });
    assert.equal(same.changed, false);
    assert.deepEqual(same.diff, { before: { path }, after: { path } });
  });

  it('modification_time on an existing file sets it, with the times in the diff; then unchanged', async () => {
    const path = join(dir, 'f');
    writeFileSync(path, 'x');
    const args = { path, modification_time: '202202081414.00', modification_time_format: '%Y%m%d%H%M.%S' };
    const chk = await run(args, { check: true });
    assert.equal(chk.changed, true);
    assert.notEqual(statSync(path).mtime.getFullYear(), 2022, 'check mode left the time');
    const r = await run(args);
    assert.equal(r.changed, true);
    const want = new Date(2022, 1, 8, 14, 14, 0).getTime() / 1000;
    assert.equal(statSync(path).mtimeMs / 1000, want);
    const d = r.diff as { before: Record<string, unknown>; after: Record<string, unknown> };
    assert.deepEqual(Object.keys(d.after).sort(), ['mtime', 'path']);
    assert.equal(d.after.mtime, want);
    const again = await run(args);
    assert.equal(again.changed, false);
    assert.deepEqual(again.diff, { before: { path }, after: { path } });
  });

  it('touch on an existing file changes its times and reports state file -> touch', async () => {
    const path = join(dir, 't');
    writeFileSync(path, 'x');
    const r = await run({ path, state: 'touch' });
    assert.equal(r.changed, true);
    const d = r.diff as { before: Record<string, unknown>; after: Record<string, unknown> };
    assert.equal(d.before.state, 'file');
    assert.equal(d.after.state, 'touch');
    assert.equal(typeof d.after.mtime, 'number');
    assert.equal(r.state, 'file');
  });

  it('names the path dest for touch and links (as Ansible returns them), path elsewhere', async () => {
    const t = await run({ path: join(dir, 'touched'), state: 'touch' });
    assert.equal(t.dest, join(dir, 'touched'));
    assert.equal(t.path, undefined);
    const l = await run({ path: join(dir, 'ln'), src: 'touched', state: 'link' });
    assert.equal(l.dest, join(dir, 'ln'));
    const d = await run({ path: join(dir, 'd'), state: 'directory' });
    assert.equal(d.path, join(dir, 'd'));
  });

  it('expands $VAR and ${VAR} of the task environment in path, and keeps an unset one as written', async () => {
    const env = { FABPLAY_T_DIR: dir };
    const a = await file.run(makeContext({ env }), { path: '$FABPLAY_T_DIR/a', state: 'touch' });
    assert.equal(a.dest, join(dir, 'a'));
    const b = await file.run(makeContext({ env }), { path: '${FABPLAY_T_DIR}/b', state: 'touch' });
    assert.equal(b.dest, join(dir, 'b'));
    const c = await file.run(makeContext({ env }), { path: `${dir}/$FABPLAY_T_UNSET`, state: 'touch' });
    assert.equal(c.dest, join(dir, '$FABPLAY_T_UNSET'));
    assert.ok(
      existsSync(join(dir, 'a')) && existsSync(join(dir, 'b')) && existsSync(join(dir, '$FABPLAY_T_UNSET')),
    );
  });

  it('a symlink with mode (follow, the default) sets the mode of what it points to', async () => {
    const target = join(dir, 'target');
    writeFileSync(target, 'x', { mode: 0o644 });
    const r = await run({ path: join(dir, 'ln'), src: target, state: 'link', mode: '0700' });
    assert.equal(r.changed, true);
    assert.equal(modeOf(target), 0o700);
    assert.equal(lstatSync(join(dir, 'ln')).isSymbolicLink(), true);
    const again = await run({ path: join(dir, 'ln'), src: target, state: 'link', mode: '0700' });
    assert.equal(again.changed, false);
    await run({ path: join(dir, 'ln'), state: 'link', mode: '0600', follow: false });
    assert.equal(modeOf(target), 0o700, 'follow: false leaves the target alone');
  });

  it('src needs state link or hard, judged against what the path is now (as Ansible)', async () => {
    writeFileSync(join(dir, 'f'), 'x');
    const bad = await run({ path: join(dir, 'new'), src: join(dir, 'f') });
    assert.equal(bad.failed, true);
    assert.match(String(bad.msg), /src option requires state to be 'link' or 'hard'/);
    await run({ path: join(dir, 'ln'), src: join(dir, 'f'), state: 'link' });
    // an existing link defaults its state to link: src is fine there
    assert.equal((await run({ path: join(dir, 'ln'), src: join(dir, 'f') })).failed, undefined);
  });

  it('_diff_peek says whether a file looks binary (a NUL in its first 8 KiB), changing nothing', async () => {
    writeFileSync(join(dir, 'bin'), Buffer.from([0x41, 0, 0x42]));
    writeFileSync(join(dir, 'txt'), 'text\n');
    const bin = await run({ path: join(dir, 'bin'), _diff_peek: true });
    assert.deepEqual(bin, { path: join(dir, 'bin'), changed: false, appears_binary: true });
    assert.equal((await run({ path: join(dir, 'txt'), _diff_peek: true })).appears_binary, false);
    assert.equal((await run({ path: join(dir, 'missing'), _diff_peek: true })).appears_binary, false);
  });

  it('a missing file without state fails naming its state absent, as Ansible', async () => {
    const r = await run({ path: join(dir, 'ghost') });
    assert.equal(r.failed, true);
    assert.equal(r.state, 'absent');
    assert.match(String(r.msg), /is absent, cannot continue/);
  });

  it('accepts dest and name as aliases of path, and rejects a bad mode', async () => {
    assert.equal((await run({ dest: join(dir, 'x'), state: 'directory' })).changed, true);
    assert.equal((await run({ name: join(dir, 'x'), state: 'directory' })).changed, false);
    const bad = await run({ path: join(dir, 'x'), state: 'directory', mode: 'u=rwz' });
    assert.match(String(bad.msg), /mode/);
    assert.equal(modeOf(join(dir, 'x')), 0o755);
  });
});

describe('remote paths with ~', () => {
  it('expands ~/ to the home directory of the user on the host', async () => {
    const home = tempDir();
    try {
      const ctx = makeContext({ env: { HOME: home } });
      const r = await file.run(ctx, { path: '~/made', state: 'directory' });
      assert.equal(r.path, join(home, 'made'));
      assert.ok(statSync(join(home, 'made')).isDirectory());
    } finally {
      rmTree(home);
    }
  });
});

describe('modules/files: file times (strptime formats)', () => {
  it('reads times in the default and in a given format, and refuses an unknown directive', () => {
    assert.equal(touchDate('202001011200.05', '%Y%m%d%H%M.%S', 'modification_time'), '2020-01-01 12:00:05');
    assert.equal(touchDate('03/02/21 10:11', '%d/%m/%y %H:%M', 'access_time'), '2021-02-03 10:11:00');
    assert.throws(
      () => touchDate('2020', '%Y', 'x').concat(touchDate('x', '%Y', 'x')),
      /obtaining timestamp/,
    );
    assert.throws(() => touchDate('Jan', '%b', 'access_time'), /%b is not supported/);
  });

  it('touches a new file with the given modification time', async () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'old.txt');
      await run({ path, state: 'touch', modification_time: '202001011200.0' });
      assert.equal(statSync(path).mtime.getFullYear(), 2020);
    } finally {
      rmTree(dir);
    }
  });
});
