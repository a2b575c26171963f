import assert from 'node:assert/strict';
import { encodeText } from '../../../src/modules/lib/encode-text.js';

describe('encodeText (template output_encoding)', () => {
  it('utf-8 by default and for the empty name', () => {
    assert.deepEqual(encodeText('é€', ''), Buffer.from('é€', 'utf8'));
    assert.deepEqual(encodeText('é€', 'UTF-8'), Buffer.from('é€', 'utf8'));
  });

  it("windows-1252 maps 0x80-0x9f as Python's cp1252 does", () => {
    assert.deepEqual([...encodeText('€‚ŸéA', 'windows-1252')], [0x80, 0x82, 0x9f, 0xe9, 0x41]);
    assert.throws(() => encodeText('\u0081', 'cp1252'), /can't encode character/);
  });

  it('latin-1 is byte for byte; other single-byte encodings come from their tables', () => {
    assert.deepEqual([...encodeText('\u0080é', 'latin-1')], [0x80, 0xe9]);
    assert.deepEqual([...encodeText('€', 'iso-8859-15')], [0xa4]);
    assert.throws(() => encodeText('€', 'latin1'), /'latin1' codec can't encode character '€'/);
  });

  it('an encoding fabplay cannot write is refused by name', () => {
    assert.throws(() => encodeText('x', 'utf-16'), /output_encoding 'utf-16' is not supported/);
    assert.throws(() => encodeText('x', 'no-such'), /output_encoding 'no-such' is not supported/);
  });
});
