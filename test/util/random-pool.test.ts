import { strict as assert } from 'node:assert';
import { POOLED_MAX, randomHex, randomInto } from '../../src/util/random-pool.js';

describe('random-pool: CSPRNG bytes drawn a page at a time, each handed out once', () => {
  it('gives hexadecimal text of the length asked, never the same twice across refills', () => {
    const seen = new Set<string>();
    // 20,000 x 6 bytes is about 30 refills of the 4 KB pool
    for (let i = 0; i < 20000; i++) {
      const h = randomHex(6);
      assert.match(h, /^[0-9a-f]{12}$/);
      assert.ok(!seen.has(h), `${h} given twice`);
      seen.add(h);
    }
  });

  it('fills the bytes asked for at the offset asked, and leaves the rest of the buffer alone', () => {
    const buf = Buffer.alloc(64, 0xaa);
    randomInto(buf, 8, 32);
    assert.ok(buf.subarray(0, 8).every((b) => b === 0xaa));
    assert.ok(buf.subarray(40).every((b) => b === 0xaa));
    // 32 random bytes all equal to the filler: 1 in 2^256
    assert.ok(buf.subarray(8, 40).some((b) => b !== 0xaa));
  });

  it('draws bytes that look uniform (each hex digit near 1/16 over 96,000 of them)', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 3000; i++) for (const c of randomHex(16)) counts[parseInt(c, 16)]!++;
    // 6,000 expected per digit, standard deviation about 75
    for (const n of counts) assert.ok(n > 5500 && n < 6500, `digit count ${n} of ${counts.join(',')}`);
  });

  it('answers a request larger than the pool serves from Node directly', () => {
    const h = randomHex(POOLED_MAX + 1);
    assert.equal(h.length, 2 * (POOLED_MAX + 1));
    assert.match(h, /^[0-9a-f]+$/);
  });
});
