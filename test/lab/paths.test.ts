import { strict as assert } from 'node:assert';
import { fabricAddr, mgmtSubnet } from '../../src/lab/paths.js';

describe('lab addresses', () => {
  it('never gives a management subnet inside the fabric segments (10.99.s.0/24)', () => {
    // a lab whose management addresses fell in 10.99.2 would give host h2 (fabric 10.99.2.1) a
    // clash with the management side; names are random, so try many
    const fabricPrefix = fabricAddr(1).split('.').slice(0, 2).join('.');
    const seen = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const name = `t${i.toString(36)}`;
      const { prefixLength, gateway, hostAddr } = mgmtSubnet(name);
      assert.equal(prefixLength, 20);
      for (const addr of [gateway, hostAddr(1), hostAddr(999)]) {
        assert.ok(!addr.startsWith(`${fabricPrefix}.`), `lab ${name} got ${addr}`);
        assert.match(addr, /^10\.(6[4-9]|[7-9]\d)\.\d{1,3}\.\d{1,3}$/);
      }
      // one /20: the third octet of every address stays within the gateway's 16
      const third = (a: string) => Number(a.split('.')[2]);
      assert.equal(third(hostAddr(999)) >> 4, third(gateway) >> 4);
      seen.add(gateway.split('.')[1]!);
    }
    assert.equal(seen.size, 35, 'the second octet spreads over 10.64 to 10.98');
  });
});
