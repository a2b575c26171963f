import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { find, wholeTextPattern } from '../../../src/modules/files/find.js';
import { makeContext } from '../../helpers/module-context.js';
import { LocalConnection } from '../../../src/connection/local.js';

describe('find: read_whole_file patterns', () => {
  it("turns Python's $ into end of text or before the last newline, \\Z into PCRE's \\z", () => {
    assert.equal(wholeTextPattern('OK$'), 'OK(?=\\n?\\z)');
    assert.equal(wholeTextPattern('a\\$b'), 'a\\$b');
    assert.equal(wholeTextPattern('x\\Z'), 'x\\z');
  });
});

describe('find: contains over more files than one command line holds', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-find-many-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('greps them in batches (ansible-vault test_dangling_temp.yml searches all of /tmp)', async () => {
    // 1,500 paths of ~200 characters: 300 KB, more than Linux takes as one argument (128 KiB)
    const deep = join(dir, 'd'.repeat(150));
    mkdirSync(deep);
    for (let i = 0; i < 1500; i++)
      writeFileSync(join(deep, `${'f'.repeat(40)}${i}`), i % 500 === 7 ? 'needle\n' : 'hay\n');
    const r = await find.run(makeContext(), { paths: dir, contains: 'needle', recurse: true });
    assert.equal(r.failed, undefined, String(r.msg));
    const numbers = (r.files as { path: string }[]).map((f) => Number(/(\d+)$/.exec(f.path)![1]));
    assert.deepEqual(
      numbers.sort((x, y) => x - y),
      [7, 507, 1007],
    );
  });
});

describe('find: contains when a file goes away before it is read', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-find-gone-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('skips it as Ansible does (grep -s says nothing and exits 2) and reports the others', async () => {
    writeFileSync(join(dir, 'stays'), 'needle\n');
    writeFileSync(join(dir, 'goes'), 'needle\n');
    // another process's temporary file, removed between find's listing and its grep
    const conn = new LocalConnection('localhost');
    const exec = conn.exec.bind(conn);
    conn.exec = (command, opts) => {
      if (command.includes('grep')) rmSync(join(dir, 'goes'), { force: true });
      return exec(command, opts);
    };
    const r = await find.run(makeContext({ conn }), { paths: dir, contains: 'needle' });
    assert.equal(r.failed, undefined, String(r.msg));
    assert.deepEqual(
      (r.files as { path: string }[]).map((f) => f.path),
      [join(dir, 'stays')],
    );
  });

  it('still fails for a pattern grep cannot compile, with its words', async () => {
    writeFileSync(join(dir, 'stays'), 'needle\n');
    const r = await find.run(makeContext(), { paths: dir, contains: 'a(b' });
    assert.equal(r.failed, true);
    assert.match(String(r.msg), /^bad contains pattern: grep: .*parenthes/);
  });
});
