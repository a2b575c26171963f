import { strict as assert } from 'node:assert';
import { wholeTextPattern } from '../../../src/modules/files/find.js';

describe('find: read_whole_file patterns', () => {
  it("turns Python's $ into end of text or before the last newline, \\Z into PCRE's \\z", () => {
    assert.equal(wholeTextPattern('OK$'), 'OK(?=\\n?\\z)');
    assert.equal(wholeTextPattern('a\\$b'), 'a\\$b');
    assert.equal(wholeTextPattern('x\\Z'), 'x\\z');
  });
});
