import { strict as assert } from 'node:assert';
import { fabricAddr, mgmtSubnet } from '../../src/lab/paths.js';

describe('lab addresses', () => {
  it('never gives a management subnet inside the fabric segments (10.99.s.0/24)', () => {
    // a lab whose management prefix was 10.99.2 made host h2 (fabric 10.99.2.1, the management
    // gateway's address too) unreachable; names are random, so try many
    const fabricPrefix = fabricAddr(1).split('.').slice(0, 2).join('.');
    const seen = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const { prefix, gateway, hostAddr } = mgmtSubnet(`t${i.toString(36)}`);
      assert.ok(!prefix.startsWith(`${fabricPrefix}.`), `lab t${i.toString(36)} got ${prefix}`);
      assert.match(prefix, /^10\.(6[4-9]|[7-9]\d)\.\d{1,3}$/);
      assert.equal(gateway, `${prefix}.1`);
      assert.equal(hostAddr(2), `${prefix}.12`);
      seen.add(prefix.split('.')[1]!);
    }
    assert.equal(seen.size, 35, 'the second octet spreads over 10.64 to 10.98');
  });
});
