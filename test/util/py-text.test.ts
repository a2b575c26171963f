import assert from 'node:assert/strict';
import { pySplitLines, pySplitWhitespace } from '../../src/util/py-text.js';

// Expected values are Python 3.11's 'text'.splitlines() and 'text'.split().
describe('util/py-text: Python str methods', () => {
  it('splitlines: every line break Python counts, no empty last line', () => {
    assert.deepEqual(pySplitLines(''), []);
    assert.deepEqual(pySplitLines('a\n'), ['a']);
    assert.deepEqual(pySplitLines('a\n\n'), ['a', '']);
    assert.deepEqual(pySplitLines('a\r\nb\rc\x0bd\x0ce\x1cf\x85g\u2028h'), [
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
    ]);
  });

  it('split(): whitespace runs, none at the ends, maxsplit keeps the rest', () => {
    assert.deepEqual(pySplitWhitespace('  a \t b\n'), ['a', 'b']);
    assert.deepEqual(pySplitWhitespace(''), []);
    assert.deepEqual(pySplitWhitespace(' a b  c ', 1), ['a', 'b  c ']);
  });
});
