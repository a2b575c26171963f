import { strict as assert } from 'node:assert';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParsedFiles } from '../../src/util/parsed-files.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('ParsedFiles: a file parsed once while it is unchanged', () => {
  const dir = tempDirUntilExit('fp-parsed');

  it('parses a file once, and again when its size or mtime changes', () => {
    const f = join(dir, 'a');
    writeFileSync(f, 'one');
    let parses = 0;
    const files = new ParsedFiles((b) => (parses++, b.toString()));
    assert.equal(files.get(f), 'one');
    assert.equal(files.get(f), 'one');
    assert.equal(parses, 1);
    writeFileSync(f, 'three');
    assert.equal(files.get(f), 'three');
    // same size, other bytes: the mtime tells
    writeFileSync(f, 'seven');
    utimesSync(f, new Date(), new Date(Date.now() + 5000));
    assert.equal(files.get(f), 'seven');
    assert.equal(parses, 3);
  });

  it('hands a reader of its own the path and where the file was named; a failure is not kept', () => {
    const f = join(dir, 'b');
    writeFileSync(f, 'x');
    const seen: unknown[] = [];
    let fail = true;
    const files = new ParsedFiles({
      fromPath: (file, from) => {
        seen.push([file, from]);
        if (fail) throw new Error('unreadable');
        return 1;
      },
    });
    const pos = { file: 'site.yml', line: 3, col: 5 };
    assert.throws(() => files.get(f, pos), /unreadable/);
    fail = false;
    assert.equal(files.get(f, pos), 1);
    assert.equal(files.get(f, pos), 1);
    assert.deepEqual(seen, [
      [f, pos],
      [f, pos],
    ]);
  });
});
