import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Templar } from '../../src/template/index.js';
import { csvRows } from '../../src/template/lookup-csvfile.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe("csvRows: Python's csv.reader (excel dialect)", () => {
  it('splits on the delimiter, quotes group, "" is a quote, quoted newlines stay', () => {
    assert.deepEqual(csvRows('a,"b,c","d""e"\n"x\ny",z\n', ','), [
      ['a', 'b,c', 'd"e'],
      ['x\ny', 'z'],
    ]);
  });

  it('a quote inside a field is text; text after a closing quote joins the field', () => {
    assert.deepEqual(csvRows('a"b,"c"d\n', ','), [['a"b', 'cd']]);
  });

  it('ends rows at \\n, \\r\\n or \\r; a blank line is an empty row; empty fields count', () => {
    assert.deepEqual(csvRows('a\r\nb\rc\n\n,x,\n', ','), [['a'], ['b'], ['c'], [], ['', 'x', '']]);
  });

  it('refuses a delimiter that is not one character', () => {
    assert.throws(() => csvRows('a', ',,'), /"delimiter" must be a 1-character string/);
    assert.throws(() => csvRows('a', ''), /"delimiter" must be a 1-character string/);
  });
});

describe('lookup csvfile', () => {
  const dir = tempDirUntilExit('csvfile');
  writeFileSync(join(dir, 'p.csv'), 'Smith,Jane,1\n"""Q"" J",Dw,2\nmany words,x,3\n');
  writeFileSync(join(dir, 'ansible.csv'), 'k\tv\tw\n');
  writeFileSync(join(dir, 'l.csv'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x0a]));
  const render = (expr: string): unknown => new Templar({}, { searchPaths: [dir] }).template(expr);

  it('gives column col (from 0, negative from the end) of the first row whose first column is the key', () => {
    assert.equal(render("{{ lookup('csvfile', 'Smith', file='p.csv', delimiter=',') }}"), 'Jane');
    assert.equal(render("{{ lookup('csvfile', 'Smith', file='p.csv', delimiter=',', col=-1) }}"), '1');
    assert.equal(render("{{ lookup('csvfile', 'k', col='2') }}"), 'w');
  });

  it('reads key=value options inline, keeps quotes in the key literal, joins key words', () => {
    assert.equal(render("{{ lookup('csvfile', '\"Q\" J file=p.csv delimiter=,') }}"), 'Dw');
    assert.equal(render("{{ lookup('csvfile', 'many words file=p.csv delimiter=, col=2') }}"), '3');
    // an inline option stays set for the terms after it
    assert.deepEqual(render("{{ query('csvfile', 'Smith file=p.csv delimiter=,', 'many words') }}"), [
      'Jane',
      'x',
    ]);
  });

  it('gives default, or nothing, for a key no row has', () => {
    assert.deepEqual(render("{{ query('csvfile', 'nobody', file='p.csv', delimiter=',') }}"), []);
    assert.equal(render("{{ lookup('csvfile', 'nobody', file='p.csv', delimiter=',', default='d') }}"), 'd');
  });

  it('decodes with encoding, by Python codec names', () => {
    assert.equal(
      render("{{ lookup('csvfile', 'café', file='l.csv', delimiter=',', encoding='latin-1') }}"),
      '1',
    );
    assert.throws(() => render("{{ lookup('csvfile', 'café', file='l.csv', delimiter=',') }}"), /csvfile:/);
  });

  it("fails with Ansible's words: no key, an option it has not, no file, no such column", () => {
    assert.throws(
      () => render("{{ lookup('csvfile', 'file=p.csv') }}"),
      /Search key is required but was not found/,
    );
    assert.throws(() => render("{{ lookup('csvfile', 'k nope=1') }}"), /nope is not a valid option/);
    assert.throws(() => render("{{ lookup('csvfile', 'k', file='none.csv') }}"), /No such file or directory/);
    assert.throws(
      () => render("{{ lookup('csvfile', 'Smith', file='p.csv', delimiter=',', col=7) }}"),
      /list index out of range/,
    );
  });
});
