import assert from 'node:assert/strict';
import { pyLen, pySplit, pySplitLines, pyStrip } from '../../src/util/py-text.js';

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
    assert.deepEqual(pySplit('  a \t b\n'), ['a', 'b']);
    assert.deepEqual(pySplit(''), []);
    assert.deepEqual(pySplit('   ', null, 1), []);
    assert.deepEqual(pySplit(' a b  c ', null, 1), ['a', 'b  c ']);
    assert.deepEqual(pySplit('  a  b c d  ', null, 2), ['a', 'b', 'c d  ']);
    assert.deepEqual(pySplit('a b ', null, 7), ['a', 'b']);
    assert.deepEqual(pySplit(' a b ', null, 0), ['a b ']);
  });

  it("split(): Python's whitespace, not JavaScript's (\\x1c-\\x1f and \\x85 are, \\ufeff is not)", () => {
    assert.deepEqual(pySplit('a\x1cb\x85c\ufeffd\xa0e\u3000f'), ['a', 'b', 'c\ufeffd', 'e', 'f']);
  });

  it('split(sep): every separator, empty parts kept, at most maxsplit from the left', () => {
    assert.deepEqual(pySplit(' a,b,,c ', ','), [' a', 'b', '', 'c ']);
    assert.deepEqual(pySplit(' a,b,,c ', ',', 1), [' a', 'b,,c ']);
    assert.deepEqual(pySplit(' a,b,,c ', ',', 0), [' a,b,,c ']);
    assert.deepEqual(pySplit(' a,b,,c ', ',', -1), [' a', 'b', '', 'c ']);
    assert.deepEqual(pySplit('a::b::c', '::', 1), ['a', 'b::c']);
    assert.deepEqual(pySplit('', ','), ['']);
  });

  it("strip(): Python's whitespace or the given characters, from either side", () => {
    assert.equal(pyStrip('\x1c a\ufeff\x85'), 'a\ufeff');
    assert.equal(pyStrip('xxaxyx', 'xy'), 'a');
    assert.equal(pyStrip('--a]-', '-]'), 'a');
    assert.equal(pyStrip('^^a\\', '^\\', 'left'), 'a\\');
    assert.equal(pyStrip('  a  ', null, 'right'), '  a');
    assert.equal(pyStrip('😀a😀', '😀'), 'a');
    assert.equal(pyStrip('abc', ''), 'abc');
  });
});

describe('pyLen: len() of a Python str', () => {
  it('counts code points: a surrogate pair once, a lone surrogate once, none as UTF-16 units', () => {
    // python3 -c "print(len('abc'), len('a\U0001F600b'), len('\U0001F600\U0001F600'), len(''))"
    assert.equal(pyLen('abc'), 3);
    assert.equal(pyLen('a\u{1F600}b'), 3);
    assert.equal(pyLen('\u{1F600}\u{1F600}'), 2);
    assert.equal(pyLen(''), 0);
    assert.equal(pyLen('\uD800x'), 2);
    assert.equal(pyLen('x\uDC00'), 2);
  });
});
