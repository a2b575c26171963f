import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWrite, type WriteSource } from '../../../src/modules/lib/atomic-write.js';
import { makeContext } from '../../helpers/module-context.js';

const hostFile = join(tmpdir(), `fabplay-unsafe-src-${process.pid}`);
const chattr = (flag: string, path: string) => spawnSync('chattr', [flag, path]).status === 0;

/**
 * unsafe_writes: in a directory nothing can be created in (immutable), the atomic write fails; with
 * unsafe the bytes go through a temporary file of mktemp's into the file in place (same inode),
 * whichever way they travel, with the mode asked for, and that temporary file is removed.
 */
describe('atomic write with unsafe_writes', function () {
  let dir: string;
  let dest: string;
  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-unsafe-'));
    dest = join(dir, 'f');
    writeFileSync(dest, 'ORIGINAL\n', { mode: 0o644 });
    // needs root and a filesystem with file flags
    if (!chattr('+i', dir)) this.skip();
  });
  after(() => {
    chattr('-i', dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(hostFile, { force: true });
  });

  const mktemps = () =>
    readdirSync(tmpdir())
      .filter((n) => n.startsWith('tmp.'))
      .sort();

  it('fails without it and leaves the file', async () => {
    await assert.rejects(
      atomicWrite(makeContext({}), dest, { data: Buffer.from('NEW\n') }),
      /temporary file/,
    );
    assert.equal(readFileSync(dest, 'utf8'), 'ORIGINAL\n');
  });

  const sources: [string, () => WriteSource, Buffer][] = [
    [
      'text in the command',
      () => ({ data: Buffer.from('in the command\n') }),
      Buffer.from('in the command\n'),
    ],
    ['bytes on stdin', () => ({ data: Buffer.from([0, 1, 2, 10]) }), Buffer.from([0, 1, 2, 10])],
    [
      'a file on the host',
      () => {
        writeFileSync(hostFile, 'from the host\n');
        return { remotePath: hostFile };
      },
      Buffer.from('from the host\n'),
    ],
  ];
  for (const [how, source, bytes] of sources)
    it(`writes ${how} in place with the mode asked for`, async () => {
      const inode = statSync(dest).ino;
      const before = mktemps();
      const w = await atomicWrite(makeContext({}), dest, source(), { unsafe: true, mode: 0o600 });
      assert.ok(w);
      assert.deepEqual(readFileSync(dest), bytes);
      assert.equal(statSync(dest).ino, inode, 'the same file, written in place');
      assert.equal(statSync(dest).mode & 0o7777, 0o600);
      assert.deepEqual(mktemps(), before, 'no temporary file left');
    });
});
